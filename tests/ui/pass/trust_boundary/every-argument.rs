//! `#[trust_boundary]` on unit and braced structs, with every argument.

use threatmodel::trust_boundary;
use threatmodel_tests::{collect, trust_boundary};

/// Our own network.
#[trust_boundary]
pub struct DataCenter;

#[trust_boundary(parent = DataCenter, name = "Payments DMZ", description = "Reverse proxies")]
pub struct Dmz {}

pub mod zones {
    use threatmodel::trust_boundary;

    /// The card-data environment, inside the DMZ.
    #[trust_boundary(parent = "super::Dmz")]
    pub struct Cde {
        pub network: &'static str,
    }
}

fn main() {
    let model = collect();
    assert_eq!(model.trust_boundaries.len(), 3);
    let data_center = trust_boundary(&model, "DataCenter");
    assert_eq!(data_center.description.as_deref(), Some("Our own network."));
    assert_eq!(data_center.parent, None);

    let dmz = trust_boundary(&model, "Dmz");
    assert_eq!(dmz.name, "Payments DMZ");
    assert_eq!(dmz.description.as_deref(), Some("Reverse proxies"));
    assert_eq!(dmz.parent.as_ref(), Some(&data_center.id));
    assert_eq!(trust_boundary(&model, "Cde").parent.as_ref(), Some(&dmz.id));

    let _ = (DataCenter, Dmz {}, zones::Cde { network: "10.0.0.0/8" }.network);
}
