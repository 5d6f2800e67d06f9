//! Enums of stable names (an error code, a field id): one list of variants and their names makes the enum, `ALL`,
//! `as_str`, `parse`, `Display` and `Serialize`, so none of them can leave a variant out or spell one differently.

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
