//! Many short texts end to end, in chunks that never move.
//!
//! One growing string would be copied each time it outgrew its room, and
//! for a moment held twice: at a million events, 128 MB more at the peak of
//! a load. Chunks of a few MiB are filled and left where they are; a text
//! that does not fit in the last one starts the next.

/// The room of the first chunk; each next one has twice the room, up to
/// [`CHUNK_BYTES`] (unless one text needs more). Small arenas (one batch of
/// rows) stay small.
const FIRST_CHUNK_BYTES: usize = 64 << 10;
/// The most room a chunk is given.
const CHUNK_BYTES: usize = 4 << 20;

/// Texts stored end to end (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct TextArena {
    chunks: Vec<String>,
}

/// Where a text is stored: its chunk in the high 32 bits, its offset in the
/// chunk in the low 32.
pub type TextAt = u64;

impl TextArena {
    /// Stores `text` and says where it is. A text is never split between
    /// chunks, so a chunk holds at most 4 GiB (as an event's texts do).
    pub fn push(&mut self, text: &str) -> TextAt {
        if text.is_empty() {
            return 0;
        }
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= text.len());
        if !fits {
            let room = self.chunks.last().map_or(FIRST_CHUNK_BYTES, |c| {
                (2 * c.capacity()).clamp(FIRST_CHUNK_BYTES, CHUNK_BYTES)
            });
            self.chunks.push(String::with_capacity(room.max(text.len())));
        }
        let k = self.chunks.len() - 1;
        let Some(chunk) = self.chunks.last_mut() else {
            return 0;
        };
        let at = chunk.len();
        chunk.push_str(text);
        ((k as u64) << 32) | at as u64
    }

    /// The text of `len` bytes stored at `at`.
    pub fn get(&self, at: TextAt, len: usize) -> Option<&str> {
        if len == 0 {
            return Some("");
        }
        let start = (at & u64::from(u32::MAX)) as usize;
        self.chunks.get((at >> 32) as usize)?.get(start..start + len)
    }

    /// Takes `other`'s chunks after these, without copying them; returns
    /// what to add to each of `other`'s places to find its texts here.
    pub fn append(&mut self, mut other: TextArena) -> u64 {
        let shift = (self.chunks.len() as u64) << 32;
        if let Some(last) = other.chunks.last_mut() {
            last.shrink_to_fit();
        }
        self.chunks.append(&mut other.chunks);
        shift
    }

    /// Gives back the room left in the last chunk.
    pub fn shrink_to_fit(&mut self) {
        if let Some(last) = self.chunks.last_mut() {
            last.shrink_to_fit();
        }
    }

    /// Bytes held, room included.
    pub fn capacity(&self) -> usize {
        self.chunks.iter().map(String::capacity).sum()
    }

    /// Bytes stored.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(String::len).sum()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(String::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_from_any_chunk_and_after_an_append() {
        let mut arena = TextArena::default();
        let big = "x".repeat(CHUNK_BYTES + 10);
        let texts = ["first", "", &big, "after the big one", "é"];
        let at: Vec<TextAt> = texts.iter().map(|t| arena.push(t)).collect();
        for (t, &a) in texts.iter().zip(&at) {
            assert_eq!(arena.get(a, t.len()), Some(*t));
        }
        assert!(arena.chunks.len() >= 3, "the big text has a chunk of its own");
        let mut more = TextArena::default();
        let there = more.push("in another arena");
        let shift = arena.append(more);
        assert_eq!(arena.get(there + shift, 16), Some("in another arena"));
        assert_eq!(arena.get(at[0], 5), Some("first"));
        assert_eq!(arena.get(at[0], 1000), None, "past the text's chunk");
    }
}
