//! Text inside HTML fragments (TimelineJS texts and captions): tags out,
//! entities decoded, white space collapsed.

/// Tags that do not separate words.
const INLINE_TAGS: [&str; 18] = [
    "a", "abbr", "b", "cite", "code", "em", "font", "i", "mark", "q", "s", "small", "span", "strong", "sub",
    "sup", "u", "time",
];

/// Text from HTML: tags removed (block tags and `<br>` become spaces,
/// inline ones such as `<b>` nothing),
/// common entities decoded, whitespace collapsed.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!')
        {
            let name: String = rest[1..end]
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            // Inline tags sit inside words and sentences; others separate text.
            if !INLINE_TAGS.contains(&name.as_str()) {
                out.push(' ');
            }
            rest = &rest[end + 1..];
            continue;
        }
        if c == '&'
            && let Some((decoded, len)) = entity(rest)
        {
            out.push(decoded);
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character an entity at the start of `text` stands for, and its length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text
        .char_indices()
        .take(12)
        .find(|(_, c)| *c == ';')
        .map(|(i, _)| i)?;
    let name = text.get(1..end)?;
    let decoded = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse::<u32>().ok()?
            };
            char::from_u32(code)?
        }
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped() {
        assert_eq!(strip_html("<p>One<br/>two</p>"), "One two");
        assert_eq!(
            strip_html("a &lt; b &amp;&amp; c &#8211; d &#x2014; e"),
            "a < b && c – d — e"
        );
        assert_eq!(strip_html("3 < 4 and x<y"), "3 < 4 and x<y");
        assert_eq!(strip_html("<a href=\"x\">link</a>&nbsp;text"), "link text");
        assert_eq!(
            strip_html("<p>over <b>Nagorno</b>-<i>Karabakh</i>.</p><p>Next</p>"),
            "over Nagorno-Karabakh. Next"
        );
        assert_eq!(
            strip_html("&unknown; &#99999999; & done"),
            "&unknown; &#99999999; & done"
        );
        assert_eq!(strip_html("&amp"), "&amp");
        assert_eq!(strip_html("<"), "<");
        assert_eq!(strip_html("&é;"), "&é;");
    }
}
