//! The stable names of enum variants. [`names!`] declares enums whose every variant has a name (an error code, a
//! field id): one list of variants and their names makes the enum, `ALL`, `as_str`, `parse`, `Display` and
//! `Serialize`, so none of them can leave a variant out or spell one differently. [`serde_name`] and
//! [`from_serde_name`] write and read the name serde gives a unit variant, as forms and stored drafts hold it.

use serde::Serialize;

use crate::domain::json::{FromJson, Json};

/// `names! { /// What it is.  pub enum Code { /// What this one means.  Variant = "variant", ... } }`
///
/// The derived order is the order of the list.
macro_rules! names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            /// Every variant, in the order they are declared.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The stable name: the same in the API, the form's input ids and the stored data.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant named `text`, exactly as [`Self::as_str`] writes it.
            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.as_str() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use names;

/// The name serde writes for a unit variant (`resettled_retiree`, `M01600`); empty for anything but a string.
pub fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The unit variant named `name`, as serde names it, if there is one.
pub fn from_serde_name<T: FromJson>(name: &str) -> Option<T> {
    T::from_json(&Json::String(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::{ChronicDisease, FilingCategory};

    #[test]
    fn a_unit_variant_reads_back_from_its_serde_name() {
        assert_eq!(
            serde_name(&FilingCategory::ResettledRetiree),
            "resettled_retiree"
        );
        assert_eq!(serde_name(&ChronicDisease::Diabetes), "M01600");
        for category in FilingCategory::ALL {
            assert_eq!(from_serde_name(&serde_name(&category)), Some(category));
        }
        assert_eq!(from_serde_name::<ChronicDisease>("Diabetes"), None);
        assert_eq!(from_serde_name::<FilingCategory>(""), None);
    }
}
