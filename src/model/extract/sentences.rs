//! A text's paragraphs and sentences, as byte ranges of the text itself, so
//! that a sentence quoted is the article's own words and can be found in it.

use std::ops::Range;

/// One sentence: where it is in the text, and which paragraph holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Counted from 0.
    pub paragraph: usize,
}

/// Words that end in a full stop without ending a sentence.
const ABBREVIATIONS: [&str; 34] = [
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "cpl", "adm", "rev", "st",
    "jr", "sr", "no", "vol", "co", "corp", "inc", "ltd", "gov", "sen", "rep", "jan", "feb", "aug", "sept",
    "oct", "nov", "dec", "approx",
];

/// The sentences of `text`, whose paragraphs are separated by line breaks.
/// A sentence ends at `.`, `!` or `?` (with any closing quote or bracket)
/// before a space and a capital, a digit or an opening quote; not after an
/// abbreviation ("Gen.", "U.S.") or an initial ("J."). A paragraph's end
/// ends its last sentence, stop or not.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut paragraph = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            offset += line.len();
            continue;
        }
        for range in split_paragraph(body) {
            sentences.push(Sentence {
                range: offset + range.start..offset + range.end,
                paragraph,
            });
        }
        paragraph += 1;
        offset += line.len();
    }
    sentences
}

fn split_paragraph(p: &str) -> Vec<Range<usize>> {
    let bytes = p.as_bytes();
    let mut out = Vec::new();
    let mut start = skip_space(p, 0);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            // Closing quotes and brackets belong to the sentence they close.
            let mut end = i + 1;
            while let Some(c) = p[end..].chars().next() {
                if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            let next = skip_space(p, end);
            let spaced = next > end;
            let starts_sentence = p[next..].chars().next().is_some_and(|c| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(')
            });
            if spaced && starts_sentence && !(b == b'.' && is_abbreviation(&p[start..i])) {
                out.push(start..end);
                start = next;
                i = next;
                continue;
            }
            i = end;
            continue;
        }
        i += p[i..].chars().next().map_or(1, char::len_utf8);
    }
    let end = p.trim_end().len();
    if start < end {
        out.push(start..end);
    }
    out
}

fn skip_space(p: &str, mut i: usize) -> usize {
    while let Some(c) = p[i..].chars().next() {
        if c.is_whitespace() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Whether the text before a full stop ends in an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let letters: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.is_empty() {
        return false;
    }
    // "U.S", "U.N": letters separated by stops; "J": an initial.
    if word.contains('.') || (letters.chars().count() == 1 && letters.chars().all(char::is_uppercase)) {
        return true;
    }
    ABBREVIATIONS.contains(&letters.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|s| &text[s.range]).collect()
    }

    #[test]
    fn sentences_end_at_stops_before_capitals() {
        let text =
            "The foreign ministers met on Monday. They talked for hours! Did they agree? \"Yes,\" he said.";
        assert_eq!(
            texts(text),
            [
                "The foreign ministers met on Monday.",
                "They talked for hours!",
                "Did they agree?",
                "\"Yes,\" he said."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_end_sentences() {
        let text =
            "Gen. Ali and U.S. envoy J. Smith met Mr. Aliyev at 6.30 p.m. on Monday. Then 3.5 million left.";
        assert_eq!(
            texts(text),
            [
                "Gen. Ali and U.S. envoy J. Smith met Mr. Aliyev at 6.30 p.m. on Monday.",
                "Then 3.5 million left."
            ]
        );
    }

    #[test]
    fn a_quote_closes_with_its_sentence_and_paragraphs_end_sentences() {
        let text = "He said: \"We will not yield.\" The army denied it.\n\nTwo months ago, 280 people were killed\nA new paragraph.";
        let s = split(text);
        assert_eq!(
            texts(text),
            [
                "He said: \"We will not yield.\"",
                "The army denied it.",
                "Two months ago, 280 people were killed",
                "A new paragraph."
            ]
        );
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 0, 1, 2]);
    }
}
