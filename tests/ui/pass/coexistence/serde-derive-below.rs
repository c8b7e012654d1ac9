//! threatmodel attributes written above `#[derive(Serialize, Deserialize)]` and serde's helper
//! attributes: they give both back intact.

use serde::{Deserialize, Serialize};
use threatmodel::{asset, mitigation, threat};
use threatmodel_tests::{asset, collect, mitigated_by, mitigation, threat};

/// A transfer request.
#[asset(critical, data = "financial")]
#[threat(mass_assignment, mitigated_by = TransferFields)]
#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Transfer {
    pub to_account: String,
    #[serde(default)]
    pub amount: u64,
}

/// The fields a client may set.
#[mitigation(field_allowlist)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferFields {
    ToAccount,
    Amount,
}

fn main() {
    let json = r#"{"toAccount":"DE00","amount":5}"#;
    let transfer: Transfer = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_string(&transfer).unwrap(), json);
    assert!(serde_json::from_str::<Transfer>(r#"{"toAccount":"DE00","admin":true}"#).is_err());
    assert_eq!(serde_json::to_string(&TransferFields::ToAccount).unwrap(), r#""to_account""#);
    let _ = TransferFields::Amount;

    let model = collect();
    asset(&model, "Transfer");
    let fields = mitigation(&model, "TransferFields");
    assert_eq!(mitigated_by(threat(&model, "Transfer", "mass_assignment")), [fields.id.clone()]);
}
