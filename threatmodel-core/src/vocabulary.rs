//! Closed vocabularies of the annotation grammar: levels, data classes, component kinds, STRIDE.
//!
//! Each vocabulary is a Rust enum whose `FromStr` accepts exactly the spelling used in
//! annotations and whose error lists every accepted value, so a macro can say what it expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A value outside a closed vocabulary, with the list of values that are accepted.
///
/// Returned by the `FromStr` impls of this module; its `Display` reads
/// ``unknown level `huge`; expected one of `critical`, `high`, `medium`, `low` ``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// What the vocabulary names (`level`, `data class`, ...).
    pub what: &'static str,
    /// The rejected input.
    pub found: String,
    /// Every accepted spelling, in catalogue order.
    pub expected: Vec<&'static str>,
}

impl UnknownValue {
    /// The accepted values as a comma separated list of backticked names.
    pub fn expected_list(&self) -> String {
        backticked(&self.expected)
    }
}

/// Joins names as `` `a`, `b`, `c` ``, the way rustc lists alternatives.
pub fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}`; expected one of {}",
            self.what,
            self.found,
            self.expected_list()
        )
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in annotations and in JSON.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        what: $what,
                        found: s.to_owned(),
                        expected: vec![$($text),+],
                    }),
                }
            }
        }
    };
}

vocabulary! {
    /// How much harm the loss of an asset's protection would cause, or how severe a threat is.
    ///
    /// Ordered from most to least severe, so `Level::Critical < Level::Low` in `Ord`.
    Level, "level" {
        /// Loss would be catastrophic (regulatory breach, theft of funds, full compromise).
        Critical = "critical",
        /// Loss would seriously harm users or the business.
        High = "high",
        /// Loss would cause limited, recoverable harm.
        Medium = "medium",
        /// Loss would cause negligible harm.
        Low = "low",
    }
}

vocabulary! {
    /// The class of data an asset holds, used to judge exposure and logging rules.
    DataClass, "data class" {
        /// Personally identifiable information (GDPR "personal data").
        Pii = "pii",
        /// Passwords, password hashes, API keys, tokens that authenticate a principal.
        Credentials = "credentials",
        /// Balances, payment instruments, transactions.
        Financial = "financial",
        /// Health or medical information.
        Health = "health",
        /// Key material and other secrets of the service itself.
        Secret = "secret",
        /// Data internal to the organisation, not meant for the public.
        Internal = "internal",
        /// Data meant to be public.
        Public = "public",
    }
}

vocabulary! {
    /// What kind of element a `#[component]` is, in data-flow-diagram terms.
    ComponentKind, "component kind" {
        /// A process: this or another service that runs code.
        Service = "service",
        /// A data store: database, object store, file system.
        Datastore = "datastore",
        /// A system operated by someone else that we call or that calls us.
        ExternalService = "external_service",
        /// A message queue or event stream.
        Queue = "queue",
        /// A cache.
        Cache = "cache",
        /// A human or system acting from outside (external entity).
        Actor = "actor",
    }
}

vocabulary! {
    /// Whether an endpoint requires an authenticated caller.
    AuthRequirement, "auth requirement" {
        /// Every call must be authenticated.
        Required = "required",
        /// Authentication changes the response but is not needed.
        Optional = "optional",
        /// The endpoint is public by design.
        None = "none",
    }
}

vocabulary! {
    /// Who chooses where a data flow goes (feeds the server-side request forgery rule).
    Destination, "destination" {
        /// The target is fixed by configuration or code.
        Fixed = "fixed",
        /// The caller of the API influences the target (a URL, a host name, a webhook).
        Caller = "caller",
    }
}

vocabulary! {
    /// The six STRIDE threat categories (Kohnfelder and Garg, Microsoft, 1999).
    Stride, "STRIDE category" {
        /// Pretending to be another principal; violates authenticity.
        Spoofing = "spoofing",
        /// Unauthorised modification of data or code; violates integrity.
        Tampering = "tampering",
        /// Denying an action with no proof otherwise; violates non-repudiation.
        Repudiation = "repudiation",
        /// Exposure of data to those not entitled to it; violates confidentiality.
        InformationDisclosure = "information_disclosure",
        /// Degrading or denying service; violates availability.
        DenialOfService = "denial_of_service",
        /// Gaining capabilities without authorisation; violates authorisation.
        ElevationOfPrivilege = "elevation_of_privilege",
    }
}

impl Stride {
    /// The category's initial letter (`S`, `T`, `R`, `I`, `D`, `E`).
    pub const fn letter(self) -> char {
        match self {
            Stride::Spoofing => 'S',
            Stride::Tampering => 'T',
            Stride::Repudiation => 'R',
            Stride::InformationDisclosure => 'I',
            Stride::DenialOfService => 'D',
            Stride::ElevationOfPrivilege => 'E',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_from_str() {
        for level in Level::ALL {
            assert_eq!(level.as_str().parse::<Level>(), Ok(*level));
        }
        for kind in ComponentKind::ALL {
            assert_eq!(kind.as_str().parse::<ComponentKind>(), Ok(*kind));
        }
    }

    #[test]
    fn unknown_value_lists_what_is_accepted() {
        let err = "huge".parse::<Level>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown level `huge`; expected one of `critical`, `high`, `medium`, `low`"
        );
    }

    #[test]
    fn serde_spelling_matches_annotation_spelling() {
        let json = serde_json::to_string(&ComponentKind::ExternalService).unwrap();
        assert_eq!(json, "\"external_service\"");
    }
}
