//! Finding every occurrence of every form at once: an Aho–Corasick automaton over characters.
//!
//! Scanning the normalized text is the biggest single cost of scoring a corpus. A byte
//! automaton (the `aho-corasick` crate's DFA) takes two steps for every Arabic letter, one for
//! the lead byte and one for the second, through a table of 64 byte classes by four-byte state
//! ids. This one steps once per character: the characters the forms use are numbered (their
//! class), every other character is class 0, and the table is states × classes. Arabic letters
//! and ASCII find their class in a small table without decoding; other characters by a binary
//! search. On SaudiNewsNet this halved the scan (see BENCHMARKS.md).
//!
//! The table grows with the states times the distinct characters of the forms: 3.2 MB for the
//! bundled lexicons (11,786 states × 67 classes), some 30 MB for twenty thousand Arabic forms.
//! Alphabetic scripts keep it small; lexicons of thousands of distinct ideographs would want a
//! byte alphabet instead, which this does not offer.
//!
//! The search is overlapping: every occurrence of every form is reported, ordered by where it
//! ends, and at one end longest form first (as the `aho-corasick` crate's overlapping search
//! does), so that an occurrence the affix rules reject cannot hide one they accept.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;

/// A compiled set of forms (non-empty strings, each given once).
#[derive(Debug)]
pub(super) struct Automaton {
    /// Class of each ASCII byte.
    ascii: [u16; 128],
    /// Class of U+0600–U+067F, by the lead byte's last bit (D8, D9) and the low six bits of
    /// the second byte.
    arabic: [u16; 128],
    /// Class of every other character the forms use, sorted by character.
    other: Vec<(char, u16)>,
    /// The number of classes: a state's row is this long.
    stride: usize,
    /// The transitions, `stride` per state; a state's id is the index of its row's start
    /// (premultiplied), so a step is one load.
    next: Vec<u32>,
    /// The start state (the empty prefix).
    start: u32,
    /// States are numbered so that those where a form ends come first: a state id below this
    /// has matches.
    match_limit: u32,
    /// Per matching state (in id order): its range in `matches`.
    match_ranges: Vec<Range<u32>>,
    /// Form indexes, per matching state the longest first.
    matches: Vec<u32>,
    /// Byte length of each form.
    lengths: Vec<u32>,
}

/// Why the forms could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum AutomatonError {
    /// A form is empty.
    #[error("form {0} is empty")]
    EmptyForm(usize),
    /// The transition table would not fit in 32-bit state ids.
    #[error("{states} automaton states × {classes} characters is too large a table")]
    TooLarge {
        /// States of the automaton.
        states: usize,
        /// Distinct characters in the forms, plus one for every other character.
        classes: usize,
    },
}

/// A state of the trie while it is built.
#[derive(Default)]
struct Node {
    children: Vec<(u16, u32)>,
    fail: u32,
    /// Forms that end here (forms ending at a state reached by failure come later).
    own: Vec<u32>,
}

impl Automaton {
    /// Compiles `forms`; form `i` is reported as `i`.
    pub(super) fn new<S: AsRef<str>>(forms: &[S]) -> Result<Automaton, AutomatonError> {
        let mut chars = BTreeMap::new();
        for (i, form) in forms.iter().enumerate() {
            if form.as_ref().is_empty() {
                return Err(AutomatonError::EmptyForm(i));
            }
            for c in form.as_ref().chars() {
                chars.insert(c, 0u16);
            }
        }
        let classes = chars.len() + 1;
        let too_large = |states: usize| AutomatonError::TooLarge { states, classes };
        if classes > usize::from(u16::MAX) {
            return Err(too_large(0));
        }
        for (class, c) in (1u16..).zip(chars.values_mut()) {
            *c = class;
        }
        let class_of = |c: char| chars[&c];

        // The trie of the forms.
        let mut nodes = vec![Node::default()];
        for (i, form) in forms.iter().enumerate() {
            let mut s = 0usize;
            for c in form.as_ref().chars() {
                let class = class_of(c);
                s = match nodes[s].children.iter().find(|&&(k, _)| k == class) {
                    Some(&(_, child)) => child as usize,
                    None => {
                        let child = nodes.len();
                        let id = u32::try_from(child).map_err(|_| too_large(child))?;
                        nodes[s].children.push((class, id));
                        nodes.push(Node::default());
                        child
                    }
                };
            }
            nodes[s].own.push(i as u32);
        }
        let states = nodes.len();
        if states
            .checked_mul(classes)
            .is_none_or(|n| n > u32::MAX as usize)
        {
            return Err(too_large(states));
        }

        // Breadth first, so that a state's failure state (always shallower) is done before it:
        // failure links, then every state's matches (its own, then its failure state's).
        let mut order = Vec::with_capacity(states);
        let mut queue = VecDeque::from([0u32]);
        while let Some(s) = queue.pop_front() {
            order.push(s as usize);
            for k in 0..nodes[s as usize].children.len() {
                let (class, child) = nodes[s as usize].children[k];
                // The longest proper suffix of the child's prefix that is a prefix of a form.
                let mut fail = 0;
                if s != 0 {
                    let mut f = nodes[s as usize].fail as usize;
                    fail = loop {
                        if let Some(&(_, x)) = nodes[f].children.iter().find(|c| c.0 == class) {
                            break x;
                        }
                        if f == 0 {
                            break 0;
                        }
                        f = nodes[f].fail as usize;
                    };
                }
                nodes[child as usize].fail = fail;
                queue.push_back(child);
            }
        }
        let mut outputs: Vec<Vec<u32>> = vec![Vec::new(); states];
        for &s in &order[1..] {
            let mut out = std::mem::take(&mut nodes[s].own);
            out.extend_from_slice(&outputs[nodes[s].fail as usize]);
            outputs[s] = out;
        }

        // Number matching states first, then the rest, each in breadth-first order, and fill
        // the table row by row in that order: a state's row is its failure state's with its
        // own children put in.
        let mut renumber = vec![0u32; states];
        let (matching, rest): (Vec<usize>, Vec<usize>) =
            order.iter().partition(|&&s| !outputs[s].is_empty());
        for (new, &old) in matching.iter().chain(&rest).enumerate() {
            renumber[old] = (new * classes) as u32;
        }
        let mut next = vec![renumber[0]; states * classes];
        for &s in &order {
            let row = renumber[s] as usize;
            if s != 0 {
                let fail_row = renumber[nodes[s].fail as usize] as usize;
                next.copy_within(fail_row..fail_row + classes, row);
            }
            for &(class, child) in &nodes[s].children {
                next[row + usize::from(class)] = renumber[child as usize];
            }
        }
        let mut match_ranges = Vec::with_capacity(matching.len());
        let mut matches = Vec::new();
        for &s in &matching {
            let from = matches.len() as u32;
            matches.extend_from_slice(&outputs[s]);
            match_ranges.push(from..matches.len() as u32);
        }

        let mut ascii = [0u16; 128];
        let mut arabic = [0u16; 128];
        let mut other = Vec::new();
        for (&c, &class) in &chars {
            match u32::from(c) {
                b @ 0..=0x7F => ascii[b as usize] = class,
                a @ 0x0600..=0x067F => arabic[(a - 0x0600) as usize] = class,
                _ => other.push((c, class)),
            }
        }
        Ok(Automaton {
            ascii,
            arabic,
            other,
            stride: classes,
            next,
            start: renumber[0],
            match_limit: (matching.len() * classes) as u32,
            match_ranges,
            matches,
            lengths: forms.iter().map(|f| f.as_ref().len() as u32).collect(),
        })
    }

    /// Calls `found(form, range)` for every occurrence of every form in `text`, overlapping
    /// ones included, ordered by end and, at one end, longest first.
    pub(super) fn for_each_match(&self, text: &str, mut found: impl FnMut(usize, Range<usize>)) {
        let (mut state, mut i) = (self.start, 0);
        while i < text.len() {
            (state, i) = self.run(text, state, i);
            if state < self.match_limit {
                let range = &self.match_ranges[state as usize / self.stride];
                for &form in &self.matches[range.start as usize..range.end as usize] {
                    found(form as usize, i - self.lengths[form as usize] as usize..i);
                }
            }
        }
    }

    /// Steps from `state` at byte `i` until a state where forms end (or the end of the text),
    /// and returns that state and the byte after its character. A loop of its own: with the
    /// caller's handling of each occurrence inlined into it, the state was kept on the stack,
    /// a store and a load more on every step (about 2 % of scoring a corpus).
    #[inline(never)]
    fn run(&self, text: &str, mut state: u32, mut i: usize) -> (u32, usize) {
        let bytes = text.as_bytes();
        let next = self.next.as_slice();
        while i < bytes.len() {
            // SAFETY: `i < bytes.len()`, checked by the loop.
            let b = unsafe { *bytes.get_unchecked(i) };
            // Arabic letters first: they are most of the characters of the texts scored.
            let class = if b & 0xFE == 0xD8 {
                // The lead byte's last bit picks the half, the second byte the letter.
                // SAFETY: `text` is UTF-8 and D8 or D9 leads a two-byte character, so its
                // second byte is there.
                let low = unsafe { *bytes.get_unchecked(i + 1) } & 0x3F;
                i += 2;
                self.arabic[(usize::from(b & 1) << 6) | usize::from(low)]
            } else if b < 0x80 {
                i += 1;
                self.ascii[usize::from(b)]
            } else {
                let c = text[i..].chars().next().expect("a character boundary");
                i += c.len_utf8();
                self.other
                    .binary_search_by_key(&c, |&(k, _)| k)
                    .map_or(0, |k| self.other[k].1)
            };
            // SAFETY: every state is the start of a row of `stride` entries inside `next` (the
            // start, and every entry `new` wrote, are such starts), and every class is below
            // `stride`; the bounds check was a compare and a branch on every character.
            state = unsafe { *next.get_unchecked(state as usize + usize::from(class)) };
            if state < self.match_limit {
                break;
            }
        }
        (state, i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

    fn ours(forms: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let automaton = Automaton::new(forms).unwrap();
        let mut out = Vec::new();
        automaton.for_each_match(text, |form, range| out.push((form, range)));
        out
    }

    /// The `aho-corasick` crate's overlapping search, which this automaton replaced: the
    /// oracle for which occurrences, and in what order.
    fn crate_overlapping(forms: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(forms)
            .unwrap();
        automaton
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect()
    }

    #[test]
    fn every_occurrence_overlapping_longest_first_at_one_end() {
        let forms = ["مرتزق", "المرتزقه", "زق", "he", "she", "hers"];
        let text = "قال إن المرتزقه وshe hers";
        let found = ours(&forms, text);
        let named: Vec<(&str, &str)> = found
            .iter()
            .map(|(f, r)| (forms[*f], &text[r.clone()]))
            .collect();
        assert_eq!(
            named,
            [
                ("مرتزق", "مرتزق"),
                ("زق", "زق"),
                ("المرتزقه", "المرتزقه"),
                ("she", "she"),
                ("he", "he"),
                ("he", "he"),
                ("hers", "hers"),
            ]
        );
        assert_eq!(found, crate_overlapping(&forms, text));
    }

    #[test]
    fn characters_outside_the_fast_tables() {
        // Persian yeh (U+06CC), an accented Latin letter, an emoji: the binary-searched classes.
        let forms = ["ی", "café", "🙂🙂", "é"];
        let text = "یی café🙂🙂🙂 ÉÉ é";
        assert_eq!(ours(&forms, text), crate_overlapping(&forms, text));
        // ی twice, café and its é, 🙂🙂 twice (overlapping), the last é; É is another letter.
        assert_eq!(ours(&forms, text).len(), 7);
    }

    #[test]
    fn empty_form_is_refused() {
        assert!(matches!(
            Automaton::new(&["a", ""]),
            Err(AutomatonError::EmptyForm(1))
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Same occurrences in the same order as the crate's overlapping search, on forms and
        /// texts drawn from a small alphabet (so that forms overlap and share prefixes) mixing
        /// ASCII, Arabic of both lead bytes, other scripts and four-byte characters.
        #[test]
        fn agrees_with_the_crate(
            forms in proptest::collection::btree_set("[ab ازقلهٔی🙂é]{1,5}", 1..12),
            text in "[ab ازقلهٔیيءًٍ🙂éx\n]{0,60}",
        ) {
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(ours(&forms, &text), crate_overlapping(&forms, &text));
        }
    }
}
