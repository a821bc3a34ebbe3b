//! Shared strings for values that many events repeat (kinds, actors, region
//! ids, publishers): one allocation per distinct value, however many events
//! name it. A million imported events name a few thousand actors at most.

use serde::{Deserialize, Deserializer, Serialize};
use smallvec::SmallVec;
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

    /// Which shared copy this is: the same for a `Sym` and its clones. Lets
    /// a pass over a million events tell interned values apart by address,
    /// not by hashing their text.
    pub fn identity(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
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

/// A shared, immutable list of [`Sym`]s (an event's regions or actors), one
/// pointer wide; empty lists allocate nothing. Loaders intern them: a million
/// events name a few hundred distinct combinations.
#[derive(Clone, Default)]
pub struct SymList(Option<Arc<Box<[Sym]>>>);

impl SymList {
    /// The list as a slice.
    pub fn as_slice(&self) -> &[Sym] {
        self.0.as_deref().map_or(&[], |list| list)
    }

    /// Which shared list this is (see [`Sym::identity`]); 0 for the empty list.
    pub fn identity(&self) -> usize {
        self.0.as_ref().map_or(0, |list| Arc::as_ptr(list) as usize)
    }
}

impl std::ops::Deref for SymList {
    type Target = [Sym];
    fn deref(&self) -> &[Sym] {
        self.as_slice()
    }
}

impl std::borrow::Borrow<[Sym]> for SymList {
    fn borrow(&self) -> &[Sym] {
        self.as_slice()
    }
}

// By content, as `Borrow<[Sym]>` requires: `None` and an empty list are equal.
impl PartialEq for SymList {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for SymList {}

impl std::hash::Hash for SymList {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl From<Vec<Sym>> for SymList {
    fn from(list: Vec<Sym>) -> Self {
        Self((!list.is_empty()).then(|| Arc::new(list.into_boxed_slice())))
    }
}

impl FromIterator<Sym> for SymList {
    fn from_iter<I: IntoIterator<Item = Sym>>(iter: I) -> Self {
        Self::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a SymList {
    type Item = &'a Sym;
    type IntoIter = std::slice::Iter<'a, Sym>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for SymList {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl Serialize for SymList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl std::fmt::Debug for SymList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Hands out one [`Sym`] per distinct text, and one [`SymList`] per distinct list.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    // A fast hash: it runs for every imported row.
    seen: foldhash::HashSet<Sym>,
    /// Lists by their members' identities: a row's list is found without
    /// hashing or comparing its texts. Lists of equal texts made of other
    /// copies are kept apart (still equal, not shared).
    lists: foldhash::HashMap<SmallVec<[usize; 4]>, SymList>,
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

    /// The shared copy of `sym`'s text: `sym` itself on first sight (no copy).
    pub fn share(&mut self, sym: Sym) -> Sym {
        if let Some(shared) = self.seen.get(sym.as_str()) {
            return shared.clone();
        }
        self.seen.insert(sym.clone());
        sym
    }

    /// The shared copy of `list`, made on first sight.
    pub fn intern_list(&mut self, list: &[Sym]) -> SymList {
        if list.is_empty() {
            return SymList::default();
        }
        let key: SmallVec<[usize; 4]> = list.iter().map(Sym::identity).collect();
        self.lists
            .entry(key)
            .or_insert_with(|| SymList::from(list.to_vec()))
            .clone()
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
    fn identity_is_shared_by_clones_not_by_equal_texts() {
        let mut names = Interner::default();
        let a = names.intern("clash");
        assert_eq!(a.identity(), names.intern("clash").identity());
        assert_ne!(a.identity(), names.intern("war").identity());
        // Another interner's copy is equal but not the same allocation.
        assert_ne!(a.identity(), Sym::from("clash").identity());
        let list = names.intern_list(std::slice::from_ref(&a));
        assert_eq!(list.identity(), names.intern_list(&[a]).identity());
        assert_eq!(SymList::default().identity(), 0);
    }

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
        // A Sym made elsewhere: kept on first sight, swapped for the shared one after.
        let d = interner.share(Sym::from("Government of Georgia"));
        assert!(Arc::ptr_eq(
            &interner.share(Sym::from("Government of Georgia")).0,
            &d.0
        ));
        assert!(Arc::ptr_eq(
            &interner.share(Sym::from("Government of Armenia")).0,
            &a.0
        ));
    }

    #[test]
    fn equal_lists_share_one_allocation() {
        let mut interner = Interner::default();
        let (am, az) = (interner.intern("armenia"), interner.intern("azerbaijan"));
        let a = interner.intern_list(&[am.clone(), az.clone()]);
        let b = interner.intern_list(&[am.clone(), az.clone()]);
        let c = interner.intern_list(&[az, am]);
        let (Some(a_arc), Some(b_arc), Some(c_arc)) = (&a.0, &b.0, &c.0) else {
            panic!("non-empty lists are allocated");
        };
        assert!(Arc::ptr_eq(a_arc, b_arc));
        assert!(!Arc::ptr_eq(a_arc, c_arc));
        assert_eq!(a, ["armenia", "azerbaijan"]);
        assert!(interner.intern_list(&[]).0.is_none());
        assert_eq!(SymList::default(), SymList::from(Vec::new()));
    }

    #[test]
    fn a_sym_is_one_pointer_wide() {
        assert_eq!(size_of::<SymList>(), size_of::<usize>());
        assert_eq!(size_of::<Sym>(), size_of::<usize>());
        assert_eq!(size_of::<Option<Sym>>(), size_of::<usize>());
    }
}
