//! Shared strings for values that many events repeat (kinds, actors, region
//! ids, publishers): one allocation per distinct value, however many events
//! name it. A million imported events name a few thousand actors at most.

use serde::{Deserialize, Deserializer, Serialize};
use std::sync::Arc;

/// A shared, immutable string; cloning it copies a pointer.
///
/// One pointer wide (an `Arc<str>` is two): events hold several, a million
/// events hold millions.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Sym(Arc<Box<str>>);

impl Sym {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Sym {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Sym {
    fn from(text: &str) -> Self {
        Self(Arc::new(Box::from(text)))
    }
}

impl From<String> for Sym {
    fn from(text: String) -> Self {
        Self(Arc::new(text.into_boxed_str()))
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        **self.0 == *other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        **self.0 == **other
    }
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Sym::from)
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self.0, f)
    }
}

/// Hands out one [`Sym`] per distinct text.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    // A fast hash: it runs for every imported row.
    seen: foldhash::HashSet<Sym>,
}

impl Interner {
    /// The shared copy of `text`, made on first sight.
    pub fn intern(&mut self, text: &str) -> Sym {
        if let Some(sym) = self.seen.get(text) {
            return sym.clone();
        }
        let sym = Sym::from(text);
        self.seen.insert(sym.clone());
        sym
    }

    /// How many distinct texts it holds.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_allocation() {
        let mut interner = Interner::default();
        let a = interner.intern("Government of Armenia");
        let b = interner.intern(&String::from("Government of Armenia"));
        let c = interner.intern("Government of Azerbaijan");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(a, "Government of Armenia");
        assert_eq!(interner.len(), 2);
    }

    #[test]
    fn a_sym_is_one_pointer_wide() {
        assert_eq!(size_of::<Sym>(), size_of::<usize>());
        assert_eq!(size_of::<Option<Sym>>(), size_of::<usize>());
    }
}
