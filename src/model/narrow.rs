//! Whole numbers stored in the fewest bytes that hold them all.
//!
//! Most of a store's ids point into small tables (a few kinds, one
//! publisher, a few dozen lists of regions), and most events' texts are
//! short: one or two bytes a number hold them, where a `u32` took four. A
//! list starts at one byte a number and widens, all at once, when a larger
//! number comes: at most twice in its life.

/// Numbers, each in one, two or four bytes (see the module docs).
#[derive(Clone, Debug)]
pub enum NarrowVec {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

/// Numbers borrowed from a [`NarrowVec`] (or a plain `u32` slice).
#[derive(Clone, Copy, Debug)]
pub enum NarrowSlice<'a> {
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
}

impl Default for NarrowVec {
    fn default() -> Self {
        Self::U8(Vec::new())
    }
}

impl NarrowVec {
    /// How many numbers it holds.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number at `k`.
    pub fn get(&self, k: usize) -> Option<u32> {
        self.as_slice().get(k)
    }

    /// The number at `k`, which must be in the list (as when indexing a
    /// slice: it panics otherwise).
    pub fn at(&self, k: usize) -> u32 {
        match self {
            Self::U8(v) => u32::from(v[k]),
            Self::U16(v) => u32::from(v[k]),
            Self::U32(v) => v[k],
        }
    }

    /// Appends `n`, widening the list first if it does not fit.
    #[inline]
    pub fn push(&mut self, n: u32) {
        // The width checked where the number is pushed; widening is rare.
        match self {
            Self::U8(v) if n <= u32::from(u8::MAX) => v.push(n as u8),
            Self::U16(v) if n <= u32::from(u16::MAX) => v.push(n as u16),
            Self::U32(v) => v.push(n),
            _ => self.widen_and_push(n),
        }
    }

    #[cold]
    fn widen_and_push(&mut self, n: u32) {
        self.fit(n);
        match self {
            Self::U8(v) => v.push(n as u8),
            Self::U16(v) => v.push(n as u16),
            Self::U32(v) => v.push(n),
        }
    }

    /// Appends every number of `numbers`.
    pub fn extend(&mut self, numbers: impl IntoIterator<Item = u32>) {
        for n in numbers {
            self.push(n);
        }
    }

    /// Appends every number of `numbers`, widening at most once.
    pub fn extend_from(&mut self, numbers: NarrowSlice<'_>) {
        let largest = match numbers {
            NarrowSlice::U8(v) => v.iter().copied().max().map(u32::from),
            NarrowSlice::U16(v) => v.iter().copied().max().map(u32::from),
            NarrowSlice::U32(v) => v.iter().copied().max(),
        };
        self.extend_fitted(largest.unwrap_or(0), numbers, |n| n);
    }

    /// Appends `to[id]` for every id of `ids` (0 for an id past `to`'s
    /// end), widening at most once: a column's ids moved into a table
    /// that holds its values at other places.
    pub fn extend_remapped(&mut self, ids: NarrowSlice<'_>, to: &[u32]) {
        let largest = to.iter().copied().max().unwrap_or(0);
        self.extend_fitted(largest, ids, |id| to.get(id as usize).copied().unwrap_or(0));
    }

    /// Appends `map(n)` for every `n` of `numbers`; `map` gives at most `largest`.
    fn extend_fitted(&mut self, largest: u32, numbers: NarrowSlice<'_>, map: impl Fn(u32) -> u32) {
        self.fit(largest);
        // Past `fit`, every mapped number fits this width.
        match self {
            Self::U8(v) => extend_mapped(v, numbers, |n| map(n) as u8),
            Self::U16(v) => extend_mapped(v, numbers, |n| map(n) as u16),
            Self::U32(v) => extend_mapped(v, numbers, map),
        }
    }

    /// Widens the list so that it holds `n`, keeping its room.
    fn fit(&mut self, n: u32) {
        let widened = match self {
            Self::U8(v) if n > u32::from(u8::MAX) => {
                if n > u32::from(u16::MAX) {
                    Self::U32(widen(v, v.capacity()))
                } else {
                    Self::U16(widen(v, v.capacity()))
                }
            }
            Self::U16(v) if n > u32::from(u16::MAX) => Self::U32(widen(v, v.capacity())),
            _ => return,
        };
        *self = widened;
    }

    /// All the numbers, borrowed.
    pub fn as_slice(&self) -> NarrowSlice<'_> {
        match self {
            Self::U8(v) => NarrowSlice::U8(v),
            Self::U16(v) => NarrowSlice::U16(v),
            Self::U32(v) => NarrowSlice::U32(v),
        }
    }

    /// The numbers from `start` to `end`, if the list holds them.
    pub fn slice(&self, start: usize, end: usize) -> Option<NarrowSlice<'_>> {
        Some(match self {
            Self::U8(v) => NarrowSlice::U8(v.get(start..end)?),
            Self::U16(v) => NarrowSlice::U16(v.get(start..end)?),
            Self::U32(v) => NarrowSlice::U32(v.get(start..end)?),
        })
    }

    /// Room for `more` numbers of the present width, as far as memory allows.
    pub fn try_reserve_exact(&mut self, more: usize) {
        let _ = match self {
            Self::U8(v) => v.try_reserve_exact(more),
            Self::U16(v) => v.try_reserve_exact(more),
            Self::U32(v) => v.try_reserve_exact(more),
        };
    }

    /// Gives back the room not used.
    pub fn shrink_to_fit(&mut self) {
        match self {
            Self::U8(v) => v.shrink_to_fit(),
            Self::U16(v) => v.shrink_to_fit(),
            Self::U32(v) => v.shrink_to_fit(),
        }
    }

    /// Bytes held, room included.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Self::U8(v) => v.capacity(),
            Self::U16(v) => 2 * v.capacity(),
            Self::U32(v) => 4 * v.capacity(),
        }
    }
}

/// Appends `map(n)` for every `n` of `numbers`, one loop per width.
fn extend_mapped<T>(v: &mut Vec<T>, numbers: NarrowSlice<'_>, map: impl Fn(u32) -> T) {
    match numbers {
        NarrowSlice::U8(s) => v.extend(s.iter().map(|&n| map(u32::from(n)))),
        NarrowSlice::U16(s) => v.extend(s.iter().map(|&n| map(u32::from(n)))),
        NarrowSlice::U32(s) => v.extend(s.iter().map(|&n| map(n))),
    }
}

/// `v`'s numbers in a wider type, with room for `capacity`.
fn widen<A: Copy, B: From<A>>(v: &[A], capacity: usize) -> Vec<B> {
    let mut wide = Vec::with_capacity(capacity.max(v.len()));
    wide.extend(v.iter().map(|&n| B::from(n)));
    wide
}

impl Default for NarrowSlice<'_> {
    fn default() -> Self {
        Self::U32(&[])
    }
}

impl<'a> From<&'a [u32]> for NarrowSlice<'a> {
    fn from(numbers: &'a [u32]) -> Self {
        Self::U32(numbers)
    }
}

impl<'a> NarrowSlice<'a> {
    /// How many numbers it holds.
    pub fn len(self) -> usize {
        match self {
            Self::U8(v) => v.len(),
            Self::U16(v) => v.len(),
            Self::U32(v) => v.len(),
        }
    }

    /// Whether it holds none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The number at `k`.
    pub fn get(self, k: usize) -> Option<u32> {
        match self {
            Self::U8(v) => v.get(k).map(|&n| u32::from(n)),
            Self::U16(v) => v.get(k).map(|&n| u32::from(n)),
            Self::U32(v) => v.get(k).copied(),
        }
    }

    /// The last number.
    pub fn last(self) -> Option<u32> {
        self.len().checked_sub(1).and_then(|k| self.get(k))
    }

    /// The numbers in order.
    pub fn iter(self) -> impl ExactSizeIterator<Item = u32> + 'a {
        (0..self.len()).map(move |k| self.get(k).unwrap_or_default())
    }

    /// Calls `f` with each number in order: one loop for the width, where
    /// [`Self::iter`] asks the width of each number.
    pub fn for_each(self, mut f: impl FnMut(u32)) {
        match self {
            Self::U8(v) => v.iter().for_each(|&n| f(u32::from(n))),
            Self::U16(v) => v.iter().for_each(|&n| f(u32::from(n))),
            Self::U32(v) => v.iter().for_each(|&n| f(n)),
        }
    }
}

/// Equal when they hold the same numbers, whatever their widths.
impl PartialEq for NarrowSlice<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for NarrowSlice<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_extended_from_others_widen_for_their_largest_number() {
        let mut v = NarrowVec::default();
        v.extend([1, 2]);
        let mut wide = NarrowVec::default();
        wide.extend([3, 300]);
        v.extend_from(wide.as_slice());
        assert!(matches!(v, NarrowVec::U16(_)));
        let narrow = NarrowVec::U8(vec![0, 2, 1, 9]);
        // Ids 0, 2, 1 moved to 5, 70_000, 6; id 9 is past the table.
        v.extend_remapped(narrow.as_slice(), &[5, 6, 70_000]);
        assert!(matches!(v, NarrowVec::U32(_)));
        assert!(v.as_slice().iter().eq([1, 2, 3, 300, 5, 70_000, 6, 0]));
        let mut small = NarrowVec::default();
        small.extend_remapped(NarrowSlice::U32(&[1, 0]), &[200, 7]);
        assert!(matches!(small, NarrowVec::U8(_)));
        assert!(small.as_slice().iter().eq([7, 200]));
        let mut seen = Vec::new();
        v.as_slice().for_each(|n| seen.push(n));
        assert!(v.as_slice().iter().eq(seen));
    }

    #[test]
    fn widens_once_a_number_does_not_fit_and_keeps_every_number() {
        let mut v = NarrowVec::default();
        v.extend([0, 7, 255]);
        assert!(matches!(v, NarrowVec::U8(_)));
        v.shrink_to_fit();
        assert_eq!(v.heap_bytes(), 3, "a byte each");
        v.push(256);
        assert!(matches!(v, NarrowVec::U16(_)));
        v.push(70_000);
        assert!(matches!(v, NarrowVec::U32(_)));
        v.push(u32::MAX);
        let all = [0, 7, 255, 256, 70_000, u32::MAX];
        assert!(v.as_slice().iter().eq(all));
        assert_eq!(v.at(4), 70_000);
        assert_eq!(v.get(6), None);
        assert_eq!(
            v.slice(1, 3).map(|s| s.iter().collect::<Vec<_>>()),
            Some(vec![7, 255])
        );
        assert_eq!(v.slice(5, 7), None);
    }

    #[test]
    fn a_byte_list_goes_straight_to_four_bytes_for_a_big_number() {
        let mut v = NarrowVec::default();
        v.extend([1, 100_000]);
        assert!(matches!(v, NarrowVec::U32(_)));
        assert_eq!(v.as_slice(), NarrowSlice::from(&[1, 100_000][..]));
    }

    #[test]
    fn slices_of_different_widths_holding_the_same_numbers_are_equal() {
        let bytes = NarrowSlice::U8(&[1, 2, 3]);
        assert_eq!(bytes, NarrowSlice::U32(&[1, 2, 3]));
        assert_ne!(bytes, NarrowSlice::U16(&[1, 2]));
        assert_eq!(bytes.last(), Some(3));
        assert_eq!(NarrowSlice::default().last(), None);
    }
}
