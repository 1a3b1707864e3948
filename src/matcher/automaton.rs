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
//! Each step then waits on the table load of the step before, so a single walk is bound by
//! the memory's latency, not by its work. Where the processor has AVX2, a text is first turned
//! into a class byte per character, thirty-two bytes at a time, and walked in four lanes at
//! once ([`Automaton::scan_lanes`]): 150 → 113 ms a pass over SaudiNewsNet's 96 MB of
//! normalized text. With 256 classes or more (an alphabet of many scripts) the classes do not
//! fit in a byte and the walk stays one character at a time.
//!
//! The table grows with the states times the distinct characters of the forms: 3.2 MB for the
//! bundled lexicons (11,786 states × 67 classes), some 30 MB for twenty thousand Arabic forms.
//! Alphabetic scripts keep it small; lexicons of thousands of distinct ideographs would want a
//! byte alphabet instead, which this does not offer.
//!
//! The search is overlapping: every occurrence of every form is reported, ordered by where it
//! ends, and at one end longest form first (as the `aho-corasick` crate's overlapping search
//! does), so that an occurrence the affix rules reject cannot hide one they accept.

use std::cell::Cell;
use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;

use crate::text::Stride;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use crate::text::wide::{Bytes32, Bytes64, Table128, has_bit_counts};

/// Stretches of text walked at once by [`Automaton::scan_lanes`]: four walks keep the
/// processor busy while each waits on its table load (two took 53 % of one's time over the
/// classes of SaudiNewsNet, four 29 %).
const LANES: usize = 4;

/// Texts shorter than this are walked a character at a time: splitting them into lanes would
/// cost more than it saves.
const LANES_FROM: usize = 256;

/// The class tables as [`Bytes32::look_up`] reads them, when every class fits in a byte.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[derive(Debug)]
struct Tables {
    ascii: Table128,
    arabic: Table128,
}

/// What a scan in lanes works in, kept per thread so that each text does not allocate it anew.
#[derive(Default)]
struct Scratch {
    /// The class of every character of the text.
    classes: Vec<u8>,
    /// Bit `i % 64` of word `i / 64` is set where a character starts at byte `i`.
    starts: Vec<u64>,
    /// Per lane, the characters (by index) after which the walk is in a state with matches,
    /// and that state.
    stops: [Vec<(u32, u32)>; LANES],
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
impl Scratch {
    /// Empty, with room for the classes of a text of `len` bytes and its bitmap all zero.
    fn clear_for(&mut self, len: usize) {
        self.classes.clear();
        self.classes.reserve(len);
        self.starts.clear();
        self.starts.resize(len.div_ceil(64), 0);
    }
}

thread_local! {
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// Records the lanes whose walk, after their `k`-th character, is in a state with matches (past
/// the lane's first `skip` characters, the lane before's): out of line, so that the walks' loop
/// keeps its registers for the walks.
#[cold]
#[inline(never)]
fn record_stops(
    stops: &mut [Vec<(u32, u32)>; LANES],
    walks: &[usize; LANES],
    skip: &[usize; LANES],
    k: usize,
    states: [u32; LANES],
    limit: u32,
) {
    for (l, &state) in states.iter().enumerate() {
        if state < limit && k >= skip[l] {
            stops[l].push(((walks[l] + k) as u32, state));
        }
    }
}

/// Byte offsets of characters by their index, from the bitmap of where characters start. The
/// indexes asked for never go back, so one walk over the bitmap serves them all.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
struct Starts<'a> {
    words: &'a [u64],
    /// The word the walk is at, and how many characters start in the words before it.
    word: usize,
    before: usize,
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
impl<'a> Starts<'a> {
    fn new(words: &'a [u64]) -> Starts<'a> {
        Starts {
            words,
            word: 0,
            before: 0,
        }
    }

    /// Where character `n` starts: `n` is a character of the text, and no less than at the
    /// call before.
    #[inline]
    #[target_feature(enable = "popcnt")]
    fn nth(&mut self, n: usize) -> usize {
        loop {
            let here = self.words[self.word].count_ones() as usize;
            if self.before + here > n {
                break;
            }
            self.before += here;
            self.word += 1;
        }
        let mut bits = self.words[self.word];
        let mut skip = n - self.before;
        // Whole bytes first (news text starts a character every byte or two), then bits.
        let mut shift = 0;
        while (bits >> shift & 0xFF).count_ones() as usize <= skip {
            skip -= (bits >> shift & 0xFF).count_ones() as usize;
            shift += 8;
        }
        bits >>= shift;
        for _ in 0..skip {
            bits &= bits - 1;
        }
        self.word * 64 + shift + bits.trailing_zeros() as usize
    }
}

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
    /// The stride is `odd << row_shift`, and `row_inverse * odd` is 1 modulo 2³².
    row_shift: u32,
    row_inverse: u32,
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
    /// The most characters of any form.
    #[cfg_attr(
        not(all(target_arch = "x86_64", target_feature = "sse2")),
        allow(dead_code)
    )]
    longest: usize,
    /// `ascii` and `arabic` for thirty-two bytes at a time, when there are at most 256 classes.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    tables: Option<Tables>,
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
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        let tables = (classes <= 256).then(|| {
            let bytes = |table: &[u16; 128]| Table128::new(&table.map(|class| class as u8));
            Tables {
                ascii: bytes(&ascii),
                arabic: bytes(&arabic),
            }
        });
        let row_shift = classes.trailing_zeros();
        let odd = (classes >> row_shift) as u32;
        // Newton's iteration doubles the correct low bits each step: an odd number is its own
        // inverse to three bits, five steps give well over 32.
        let mut row_inverse = odd;
        for _ in 0..5 {
            row_inverse =
                row_inverse.wrapping_mul(2u32.wrapping_sub(odd.wrapping_mul(row_inverse)));
        }
        Ok(Automaton {
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            tables,
            row_shift,
            row_inverse,
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
            longest: (forms.iter())
                .map(|f| f.as_ref().chars().count())
                .max()
                .unwrap_or(0),
        })
    }

    /// Calls `found(form, range)` for every occurrence of every form in `text`, overlapping
    /// ones included, ordered by end and, at one end, longest first.
    pub(super) fn for_each_match(&self, text: &str, found: impl FnMut(usize, Range<usize>)) {
        self.for_each_match_with(text, Stride::SixtyFour.allowed(), LANES_FROM, found);
    }

    /// [`Automaton::for_each_match`], in lanes (with AVX2, when `text` is at least `lanes_from`
    /// bytes long and the table's classes fit in a byte) or a character at a time.
    fn for_each_match_with(
        &self,
        text: &str,
        stride: Stride,
        lanes_from: usize,
        found: impl FnMut(usize, Range<usize>),
    ) {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if let Some(tables) = &self.tables
            && stride >= Stride::ThirtyTwo
            && has_bit_counts()
            && text.len() >= lanes_from
            && u32::try_from(text.len()).is_ok()
        {
            SCRATCH.with(|cell| {
                let mut scratch = cell.take();
                scratch.clear_for(text.len());
                // SAFETY: `Stride::ThirtyTwo` is only allowed where the processor has AVX2,
                // `Stride::SixtyFour` where it has AVX-512 (BW, VBMI, VBMI2) too, and POPCNT
                // was checked above.
                unsafe {
                    let from = if stride == Stride::SixtyFour {
                        self.classes_avx512(text, tables, &mut scratch)
                    } else {
                        0
                    };
                    self.classes_avx2(text, from, tables, &mut scratch);
                    self.scan_lanes(text.len(), &mut scratch, found);
                }
                cell.set(scratch);
            });
            return;
        }
        self.for_each_match_by_char(text, found);
    }

    /// Where each lane's walk starts over `n` characters, and where its own stretch starts
    /// (and, last, `n`): lane `l` walks from `walks[l]` to `owns[l + 1]`.
    ///
    /// A walk's state stands for at most the last `longest` characters read (the longest end
    /// of them that begins a form), so a walk started from the start state `longest` characters
    /// early is, by its stretch, in the state a single walk from the text's start would be in;
    /// what it finds before then is the lane before's. Stretches of one length keep the four
    /// walks together to the end; the first (no walk before it) has none of the early start,
    /// so it is longer by that. Too short a text for that, or a form too long for the text, is
    /// walked as one lane.
    #[cfg_attr(
        not(all(target_arch = "x86_64", target_feature = "sse2")),
        allow(dead_code)
    )]
    fn lanes(&self, n: usize) -> ([usize; LANES], [usize; LANES + 1]) {
        let early = self.longest;
        // Each lane walks `steps` characters (the last up to `n`); the stretches add up to `n`.
        let steps = (n + (LANES - 1) * early).div_ceil(LANES);
        let mut owns = [n; LANES + 1];
        owns[0] = 0;
        if steps < early + LANES {
            let mut walks = [n; LANES];
            walks[0] = 0;
            return (walks, owns);
        }
        for (l, own) in owns.iter_mut().enumerate().take(LANES).skip(1) {
            *own = steps + (l - 1) * (steps - early);
        }
        let walks = std::array::from_fn(|l| owns[l].saturating_sub(early));
        (walks, owns)
    }

    /// The matches of `state`, a state below `match_limit`: form indexes, longest first.
    fn matches_of(&self, state: u32) -> &[u32] {
        // A state id is a multiple of the stride, so the row is an exact quotient: a shift by
        // the stride's twos and a multiplication by the inverse of the rest (modulo 2³²)
        // instead of a division, some thirty cycles for every occurrence found.
        let row = (state >> self.row_shift).wrapping_mul(self.row_inverse);
        debug_assert_eq!(row as usize, state as usize / self.stride);
        let range = &self.match_ranges[row as usize];
        &self.matches[range.start as usize..range.end as usize]
    }

    /// One character at a time, decoding as it goes: where the lanes cannot run.
    fn for_each_match_by_char(&self, text: &str, mut found: impl FnMut(usize, Range<usize>)) {
        let (mut state, mut i) = (self.start, 0);
        while i < text.len() {
            (state, i) = self.run(text, state, i);
            if state < self.match_limit {
                for &form in self.matches_of(state) {
                    found(form as usize, i - self.lengths[form as usize] as usize..i);
                }
            }
        }
    }

    /// The class of the character at byte `i` of `text` (a character boundary before its end),
    /// and its length: Arabic letters first, since they are most of the characters scored,
    /// then ASCII, each by table without decoding; any other character by a binary search.
    #[inline(always)]
    fn class_at(&self, text: &str, i: usize) -> (u16, usize) {
        let bytes = text.as_bytes();
        let b = bytes[i];
        if b & 0xFE == 0xD8 {
            // The lead byte's last bit picks the half, the second byte the letter (there: D8
            // and D9 lead two-byte characters).
            let low = bytes[i + 1] & 0x3F;
            (self.arabic[(usize::from(b & 1) << 6) | usize::from(low)], 2)
        } else if b < 0x80 {
            (self.ascii[usize::from(b)], 1)
        } else {
            let c = text[i..].chars().next().expect("a character boundary");
            let class = self
                .other
                .binary_search_by_key(&c, |&(k, _)| k)
                .map_or(0, |k| self.other[k].1);
            (class, c.len_utf8())
        }
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    /// Pushes the class of each character that starts at a byte `kept` flags (bit `k` for byte
    /// `at + k`), decoded one by one: for a step of the class passes with a character outside
    /// ASCII and U+0600–U+067F, which a form may use.
    fn push_each_class(&self, text: &str, at: usize, mut kept: u64, classes: &mut Vec<u8>) {
        while kept != 0 {
            let k = kept.trailing_zeros() as usize;
            classes.push(self.class_at(text, at + k).0 as u8);
            kept &= kept - 1;
        }
    }

    /// [`Automaton::classes_avx2`] sixty-four bytes at a time, from the start of `text`, as far
    /// as whole steps go; returns where it stopped (a multiple of 64) for that to go on.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi,avx512vbmi2")]
    fn classes_avx512(&self, text: &str, tables: &Tables, scratch: &mut Scratch) -> usize {
        let bytes = text.as_bytes();
        let (classes, starts) = (&mut scratch.classes, &mut scratch.starts);
        let mut at = 0;
        // Each step reads one byte past its sixty-four: the second byte of a letter at the end.
        while at + 65 <= bytes.len() {
            let lead = Bytes64::load(bytes, at);
            let ascii = lead.within(0, 0x7F);
            let arabic = lead.within(0xD8, 0xD9);
            let kept = !lead.within(0x80, 0xBF);
            starts[at / 64] = kept;
            let odd = kept & !(ascii | arabic);
            if odd != 0 && !self.other.is_empty() {
                self.push_each_class(text, at, kept, classes);
            } else {
                // Any other character is class 0, as none of the forms uses it.
                let letters = lead
                    .arabic_index(Bytes64::load(bytes, at + 1))
                    .look_up(&tables.arabic);
                let class = lead
                    .look_up(&tables.ascii)
                    .keep(ascii)
                    .with_bytes(arabic, letters);
                class.pack_to(kept, classes);
            }
            at += 64;
        }
        at
    }

    /// Fills `scratch` (cleared by [`Scratch::clear_for`]) with the class of every character of
    /// `text` from byte `from` (where one starts, a multiple of 32) on, one byte each, and the
    /// bitmap of the bytes where characters start, thirty-two bytes at a time: ASCII and
    /// Arabic letters by table, without decoding and without a branch on which they are.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[target_feature(enable = "avx2")]
    fn classes_avx2(&self, text: &str, from: usize, tables: &Tables, scratch: &mut Scratch) {
        let bytes = text.as_bytes();
        let (classes, starts) = (&mut scratch.classes, &mut scratch.starts);
        let mut at = from;
        // Each step reads one byte past its thirty-two: the second byte of a letter at the end.
        while at + 33 <= bytes.len() {
            let lead = Bytes32::load(bytes, at);
            let ascii = lead.within(0, 0x7F);
            let arabic = lead.within(0xD8, 0xD9);
            let kept = !(lead.within(0x80, 0xBF).bits() as u32);
            starts[at / 64] |= u64::from(kept) << (at % 64);
            let odd = kept & !(ascii.or(arabic).bits() as u32);
            if odd != 0 && !self.other.is_empty() {
                self.push_each_class(text, at, u64::from(kept), classes);
            } else {
                // Any other character is class 0, as none of the forms uses it.
                let letters = lead
                    .arabic_index(Bytes32::load(bytes, at + 1))
                    .look_up(&tables.arabic);
                let class = lead
                    .look_up(&tables.ascii)
                    .keep(ascii)
                    .with_bytes(arabic, letters);
                class.pack_to(kept, classes);
            }
            at += 32;
        }
        for i in at..bytes.len() {
            if text.is_char_boundary(i) {
                starts[i / 64] |= 1 << (i % 64);
                classes.push(self.class_at(text, i).0 as u8);
            }
        }
    }

    /// Runs the automaton over `scratch.classes` in [`LANES`] lanes at once and reports the
    /// matches in text order.
    ///
    /// Each step waits on the load of the one before (the next state is read from the table
    /// at the current one), so a single walk leaves the processor idle most of the time; four
    /// independent walks over four stretches of the text fill that time. The stretches are of
    /// one length, and each lane but the first starts its walk [`Automaton::longest`]
    /// characters before its stretch (see [`Automaton::lanes`]), so each lane finds exactly
    /// what a single walk would find there.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[target_feature(enable = "popcnt")]
    fn scan_lanes(
        &self,
        text_len: usize,
        scratch: &mut Scratch,
        mut found: impl FnMut(usize, Range<usize>),
    ) {
        let classes = scratch.classes.as_slice();
        let n = classes.len();
        let (walks, owns) = self.lanes(n);
        let lanes: [&[u8]; LANES] = std::array::from_fn(|l| &classes[walks[l]..owns[l + 1]]);
        // A lane's stops in its first `skip` steps, before its own stretch, are the lane
        // before's to report.
        let skip: [usize; LANES] = std::array::from_fn(|l| owns[l] - walks[l]);
        let common = lanes.iter().map(|lane| lane.len()).min().unwrap_or(0);

        let next = self.next.as_slice();
        let limit = self.match_limit;
        let stops = &mut scratch.stops;
        for lane in stops.iter_mut() {
            lane.clear();
        }
        let table = next.as_ptr();
        let [p0, p1, p2, p3] = lanes.map(<[u8]>::as_ptr);
        let [mut s0, mut s1, mut s2, mut s3] = [self.start; LANES];
        for k in 0..common {
            // SAFETY: `k < common`, the shortest lane's length; every state is the start of a
            // row of `stride` entries in `next` and every class is below `stride` (see `run`).
            // Four plain variables and pointers, not arrays, keep all four walks in registers.
            unsafe {
                s0 = *table.add(s0 as usize + usize::from(*p0.add(k)));
                s1 = *table.add(s1 as usize + usize::from(*p1.add(k)));
                s2 = *table.add(s2 as usize + usize::from(*p2.add(k)));
                s3 = *table.add(s3 as usize + usize::from(*p3.add(k)));
            }
            if (s0 < limit) | (s1 < limit) | (s2 < limit) | (s3 < limit) {
                record_stops(stops, &walks, &skip, k, [s0, s1, s2, s3], limit);
            }
        }
        // What is left of the longer lanes (a few characters of rounding), one at a time.
        let state = [s0, s1, s2, s3];
        for l in 0..LANES {
            let mut s = state[l];
            for (k, &class) in lanes[l].iter().enumerate().skip(common) {
                // SAFETY: as above.
                s = unsafe { *next.get_unchecked(s as usize + usize::from(class)) };
                if s < limit && k >= skip[l] {
                    stops[l].push(((walks[l] + k) as u32, s));
                }
            }
        }
        let mut starts = Starts::new(&scratch.starts);
        for &(k, state) in stops.iter().flatten() {
            // The match ends where the next character starts.
            let end = match k as usize + 1 {
                after if after == n => text_len,
                after => starts.nth(after),
            };
            for &form in self.matches_of(state) {
                found(
                    form as usize,
                    end - self.lengths[form as usize] as usize..end,
                );
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
            let (class, width) = self.class_at(text, i);
            i += width;
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

    /// What the automaton finds, the same every way it can walk: a character at a time, and
    /// (where the processor allows) in lanes, whatever the text's length.
    fn ours(forms: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let automaton = Automaton::new(forms).unwrap();
        let walk = |stride: Stride, lanes_from: usize| {
            let mut out = Vec::new();
            automaton.for_each_match_with(text, stride.allowed(), lanes_from, |form, range| {
                out.push((form, range))
            });
            out
        };
        let by_char = walk(Stride::Char, 0);
        assert_eq!(walk(Stride::ThirtyTwo, 0), by_char, "in lanes");
        assert_eq!(
            walk(Stride::SixtyFour, 0),
            by_char,
            "in lanes, classed 64 bytes at a time"
        );
        let mut usual = Vec::new();
        automaton.for_each_match(text, |form, range| usual.push((form, range)));
        assert_eq!(usual, by_char);
        by_char
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

        /// The same with forms of ASCII and Arabic letters only, which the lanes classify
        /// thirty-two bytes at a time (every other character then being class 0), over texts
        /// long enough for several steps and lanes, with characters of two to four bytes that
        /// cross the steps' edges.
        #[test]
        fn agrees_with_the_crate_in_lanes(
            forms in proptest::collection::btree_set("[ab ازقلهيء]{1,4}", 1..12),
            text in "[ab ازقلهيءًٍx\n.«»é🙂ی]{0,240}",
        ) {
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(ours(&forms, &text), crate_overlapping(&forms, &text));
        }
    }

    #[test]
    fn a_form_across_the_edge_of_two_lanes_is_found_once() {
        // Sentences of a news text, many times over: wherever the stretches meet, a form that
        // spans the edge is found by the lane that walks into it early, and only once.
        let forms = ["الولايات المتحده", "قال", "ان", "مرتزق"];
        let text = "قال المتحدث ان المرتزقه غادروا. الولايات المتحده «ترفض».\n".repeat(12);
        let automaton = Automaton::new(&forms).unwrap();
        let chars = text.chars().count();
        let (walks, owns) = automaton.lanes(chars);
        assert_eq!(automaton.longest, 16);
        // 684 characters: four walks of 183, three of them starting 16 early.
        assert_eq!(chars, 684);
        assert_eq!(owns, [0, 183, 350, 517, 684]);
        assert_eq!(walks, [0, 167, 334, 501]);
        let found = ours(&forms, &text);
        assert_eq!(found, crate_overlapping(&forms, &text));
        // Per line: قال, ان, مرتزق and the phrase.
        assert_eq!(found.len(), 12 * 4);
    }

    #[test]
    fn a_text_hardly_longer_than_the_longest_form_is_one_lane() {
        // Lanes need stretches of four characters at least, each walked from ten before.
        let automaton = Automaton::new(&["ab", "abcdefghij"]).unwrap();
        assert_eq!(automaton.lanes(22), ([0, 22, 22, 22], [0, 22, 22, 22, 22]));
        assert_eq!(automaton.lanes(23), ([0, 4, 8, 12], [0, 14, 18, 22, 23]));
    }
}
