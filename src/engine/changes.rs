//! What would change an outcome: the search behind [`Engine::evaluate_changes`].
//!
//! The search runs the real rules on copies of the household with one fact changed, so
//! that every interaction of stages and overlaps is in the answer. For an amount it first
//! evaluates the end of the range in each direction (nothing, or the largest amount an
//! input may hold): the entries whose kind of outcome differs there are searched, by
//! stepping out from today's value in steps growing sixteenfold, then bisecting to the
//! fen between the last value with today's kind of outcome and the first without. Every
//! evaluation serves every entry at once; entries that change at the same step are
//! bisected together until their points part. The small facts (the vehicle flag, a grade,
//! the self-care level, the legal supporter) are tried at every other value, and the month
//! at every later month of the pack.

use super::{Engine, Scratch};
use crate::decision::{Change, Changes, Determination, Outcome};
use crate::error::Result;
use crate::model::{Household, InputFact, InputValue, LEVELS, ProgramId, SUPPORTERS, grades};
use crate::money::{MAX_AMOUNT, Money};
use crate::period::Month;

/// The largest amount an input may hold, in fen.
fn max_fen() -> i64 {
    Money::new(MAX_AMOUNT)
        .ok()
        .and_then(Money::to_fen)
        .unwrap_or(i64::MAX)
}

/// The search's evaluations of one household, with the identity of the determination's
/// entries to find them again in each.
struct Search<'e> {
    engine: &'e Engine,
    month: Month,
    scratch: Scratch,
    /// Per entry of the determination: its program and member slot.
    keys: Vec<(ProgramId, u8)>,
    /// Per entry: today's outcome.
    base: Vec<Outcome>,
    /// The changes found, per entry, with the key they are sorted by.
    found: Vec<Vec<(Order, Change)>>,
}

/// Where a change goes in its entry's list: amounts by how far they are from today's
/// value, then the other facts in the order found, then the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Order {
    Amount(i64),
    Other,
    Month,
}

/// Whether two outcomes are of one kind (paid, holds, not paid, withheld, undetermined).
fn same_kind(a: &Outcome, b: &Outcome) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

impl<'e> Search<'e> {
    fn new(engine: &'e Engine, determination: &Determination, month: Month) -> Search<'e> {
        let entries = determination.entries();
        Search {
            engine,
            month,
            scratch: Scratch::default(),
            keys: entries.iter().map(|e| (e.program, e.index)).collect(),
            base: entries.iter().map(|e| e.outcome.clone()).collect(),
            found: vec![Vec::new(); entries.len()],
        }
    }

    /// Evaluates `household` for `month` and writes each entry's outcome to `out`
    /// (`None`: the evaluation has no such entry, or none at all).
    fn probe(&mut self, household: &Household, month: Month, out: &mut Vec<Option<Outcome>>) {
        out.clear();
        self.scratch.order_members(household);
        if self
            .engine
            .run(household, month, &mut self.scratch, true)
            .is_err()
        {
            out.resize(self.keys.len(), None);
            return;
        }
        let entries = &self.scratch.working.entries;
        for (i, &(program, index)) in self.keys.iter().enumerate() {
            // Entries come in the same order as today's; look further only if not.
            let at = match entries.get(i) {
                Some(e) if e.program == program && e.index == index => Some(e),
                _ => entries
                    .iter()
                    .find(|e| e.program == program && e.index == index),
            };
            out.push(at.map(|e| e.outcome.clone()));
        }
    }

    /// Evaluates `work` with `fact` at `fen` (then gives it back its value in `original`).
    fn probe_amount(
        &mut self,
        work: &mut Household,
        original: &Household,
        fact: InputFact,
        fen: i64,
        out: &mut Vec<Option<Outcome>>,
    ) {
        if work.set_fact(fact, InputValue::Amount(Money::fen(fen))) {
            self.probe(work, self.month, out);
        } else {
            out.clear();
            out.resize(self.keys.len(), None);
        }
        work.restore_fact(original, fact);
    }

    /// Whether entry `i`'s kind of outcome differs from today's (no entry differs too).
    fn kind_differs(&self, i: usize, outcome: Option<&Outcome>) -> bool {
        match (self.base.get(i), outcome) {
            (Some(base), Some(now)) => !same_kind(base, now),
            _ => true,
        }
    }

    fn record(&mut self, i: usize, order: Order, change: Change) {
        if let Some(list) = self.found.get_mut(i) {
            list.push((order, change));
        }
    }

    /// The nearest amounts, above and below `from`, at which an entry's kind of outcome
    /// changes.
    fn amount(&mut self, work: &mut Household, original: &Household, fact: InputFact, from: Money) {
        let Some(today) = from.to_fen() else {
            return;
        };
        let mut out = Vec::new();
        for end in [max_fen(), 0] {
            if end == today {
                continue;
            }
            let up = end > today;
            self.probe_amount(work, original, fact, end, &mut out);
            let at_end = std::mem::take(&mut out);
            let mut open: Vec<usize> = (0..self.keys.len())
                .filter(|&i| self.kind_differs(i, at_end.get(i).and_then(Option::as_ref)))
                .collect();
            if open.is_empty() {
                continue;
            }
            // Step out: 1 fen, 16, 256, … until every open entry has changed.
            let mut groups: Vec<Bracket> = Vec::new();
            let mut same = today;
            let mut step: i64 = 1;
            loop {
                let at = if up {
                    today.saturating_add(step).min(end)
                } else {
                    today.saturating_sub(step).max(end)
                };
                let outcomes = if at == end {
                    at_end.clone()
                } else {
                    self.probe_amount(work, original, fact, at, &mut out);
                    std::mem::take(&mut out)
                };
                let (changed, still): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&i| {
                    self.kind_differs(i, outcomes.get(i).and_then(Option::as_ref))
                });
                if !changed.is_empty() {
                    let then = changed
                        .iter()
                        .map(|&i| outcomes.get(i).cloned().flatten())
                        .collect();
                    groups.push(Bracket {
                        same,
                        changed: at,
                        entries: changed,
                        then,
                    });
                }
                open = still;
                if open.is_empty() || at == end {
                    break;
                }
                same = at;
                step = step.saturating_mul(16);
            }
            while let Some(g) = groups.pop() {
                if g.same.abs_diff(g.changed) <= 1 {
                    for (i, then) in g.entries.into_iter().zip(g.then) {
                        // An entry that is gone at the point has no outcome to state.
                        if let Some(then) = then {
                            self.record(
                                i,
                                Order::Amount(
                                    i64::try_from(g.changed.abs_diff(today)).unwrap_or(i64::MAX),
                                ),
                                Change {
                                    fact,
                                    from: InputValue::Amount(from),
                                    to: InputValue::Amount(Money::fen(g.changed)),
                                    then,
                                },
                            );
                        }
                    }
                    continue;
                }
                // Strictly between: the two are at least two fen apart, both within
                // 0..=max_fen(), so neither the difference nor the sum overflows.
                let mid = g.same.saturating_add(g.changed.saturating_sub(g.same) / 2);
                self.probe_amount(work, original, fact, mid, &mut out);
                let mut near = Bracket {
                    same: g.same,
                    changed: mid,
                    entries: Vec::new(),
                    then: Vec::new(),
                };
                let mut far = Bracket {
                    same: mid,
                    changed: g.changed,
                    entries: Vec::new(),
                    then: Vec::new(),
                };
                for (i, then) in g.entries.into_iter().zip(g.then) {
                    let now = out.get(i).and_then(Option::as_ref);
                    if self.kind_differs(i, now) {
                        near.entries.push(i);
                        near.then.push(now.cloned());
                    } else {
                        far.entries.push(i);
                        far.then.push(then);
                    }
                }
                for b in [near, far] {
                    if !b.entries.is_empty() {
                        groups.push(b);
                    }
                }
            }
        }
    }

    /// Every other value of a small fact at which an entry's outcome or amount changes.
    fn discrete(
        &mut self,
        work: &mut Household,
        original: &Household,
        fact: InputFact,
        from: InputValue,
    ) {
        let mut out = Vec::new();
        for to in alternatives(fact, from) {
            if !work.set_fact(fact, to) {
                work.restore_fact(original, fact);
                continue;
            }
            self.probe(work, self.month, &mut out);
            work.restore_fact(original, fact);
            for i in 0..self.keys.len() {
                let Some(Some(now)) = out.get(i) else {
                    continue;
                };
                if self.base.get(i).is_some_and(|b| b != now) {
                    let change = Change {
                        fact,
                        from,
                        to,
                        then: now.clone(),
                    };
                    self.record(i, Order::Other, change);
                }
            }
        }
    }

    /// The first later month of the pack at which each entry's outcome or amount changes,
    /// the facts unchanged.
    fn months(&mut self, household: &Household) {
        let last = self.engine.pack().last_month();
        let mut open: Vec<usize> = (0..self.keys.len()).collect();
        let mut out = Vec::new();
        let mut month = self.month;
        while month < last && !open.is_empty() {
            month = month.next();
            self.probe(household, month, &mut out);
            let mut still = Vec::with_capacity(open.len());
            for i in open {
                match out.get(i) {
                    Some(Some(now)) if self.base.get(i).is_some_and(|b| b != now) => {
                        let change = Change {
                            fact: InputFact::Month,
                            from: InputValue::Month(self.month),
                            to: InputValue::Month(month),
                            then: now.clone(),
                        };
                        self.record(i, Order::Month, change);
                    }
                    _ => still.push(i),
                }
            }
            open = still;
        }
    }

    fn finish(self) -> Vec<Vec<Change>> {
        self.found
            .into_iter()
            .map(|mut list| {
                // Stable: facts of one order keep the order they were found in.
                list.sort_by_key(|(order, _)| *order);
                list.into_iter().map(|(_, change)| change).collect()
            })
            .collect()
    }
}

/// Entries whose outcome changes between `same` (today's kind) and `changed` (another):
/// each with its outcome at `changed`.
struct Bracket {
    same: i64,
    changed: i64,
    entries: Vec<usize>,
    then: Vec<Option<Outcome>>,
}

/// The other values of a small fact, nearest first.
fn alternatives(fact: InputFact, from: InputValue) -> Vec<InputValue> {
    match (fact, from) {
        (InputFact::Vehicle, InputValue::Flag(yes)) => vec![InputValue::Flag(!yes)],
        (InputFact::Grade { .. }, InputValue::Grade(today)) => {
            let mut others: Vec<_> = grades().filter(|g| *g != today).collect();
            others.sort_by_key(|g| (g.get().abs_diff(today.get()), g.get()));
            others.into_iter().map(InputValue::Grade).collect()
        }
        (InputFact::SelfCare { .. }, from) => {
            let today = match from {
                InputValue::Level(level) => LEVELS.iter().position(|l| *l == level),
                _ => None,
            };
            let mut others: Vec<(usize, usize)> = (0..LEVELS.len())
                .filter(|&i| Some(i) != today)
                .map(|i| (today.map_or(0, |t| t.abs_diff(i)), i))
                .collect();
            others.sort_unstable();
            others
                .into_iter()
                .filter_map(|(_, i)| LEVELS.get(i).copied().map(InputValue::Level))
                .collect()
        }
        (InputFact::LegalSupporter { .. }, from) => SUPPORTERS
            .iter()
            .map(|s| InputValue::Supporter(*s))
            .filter(|s| *s != from)
            .collect(),
        _ => Vec::new(),
    }
}

impl Engine {
    /// Evaluates `household` for `month`, and for each entry of the determination finds
    /// what would change its outcome: for each fact the household could change, the value
    /// nearest today's at which the outcome changes, with the outcome it would then have.
    ///
    /// - Amounts (each income item, rigid spending, financial assets): the nearest amount
    ///   above and the nearest below today's at which the entry's kind of outcome changes
    ///   (paid, holds, not paid, withheld, undetermined), exact to the fen: at the amount
    ///   the outcome is the one stated, and one fen nearer today's it is still today's.
    ///   A direction is searched when the outcome at its end (nothing, or the largest
    ///   amount an input may hold) is of another kind; an outcome that changes and
    ///   changes back between the steps of the search is not seen.
    /// - The vehicle flag, a disability's grade, the self-care level and the legal
    ///   supporter: every other value at which the outcome or its amount changes.
    /// - The month: the first later month of the pack at which the outcome or its amount
    ///   changes with the facts unchanged (a birthday, a new standard).
    ///
    /// Only facts that change an entry are listed. [`Engine::evaluate`] does none of this
    /// work; this call evaluates the household a few hundred times.
    ///
    /// # Errors
    ///
    /// As [`Engine::evaluate`].
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{Engine, Household, InputFact, InputValue, Outcome, PolicyPack, ProgramId};
    ///
    /// // Urban 2020-07, standard 620.00: a wage of 500.00 counts 400.00, dibao pays 220.00.
    /// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
    ///   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
    ///    "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#)?;
    /// let changes = Engine::new(PolicyPack::maojian())
    ///     .evaluate_changes(&household, "2020-07".parse()?)?;
    /// // Dibao stops when 80% of the wage reaches the standard: 620.00 / 0.8 = 775.00.
    /// let dibao = changes.for_entry(ProgramId::Dibao, None);
    /// assert_eq!(dibao[0].fact(), InputFact::Income { member: 0, item: 0 });
    /// assert_eq!(dibao[0].to(), InputValue::Amount("775.00".parse()?));
    /// assert_eq!(dibao[0].then(), &Outcome::NotPaid);
    /// assert_eq!(dibao[0].to_string(), "members[0].incomes[0].monthly 500.00 → 775.00: not paid");
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn evaluate_changes(&self, household: &Household, month: Month) -> Result<Changes> {
        let determination = self.evaluate(household, month)?;
        let mut search = Search::new(self, &determination, month);
        let mut work = household.clone();
        for fact in household.changeable_facts() {
            match household.fact(fact) {
                Some(InputValue::Amount(from)) => search.amount(&mut work, household, fact, from),
                Some(from) => search.discrete(&mut work, household, fact, from),
                None => {}
            }
        }
        search.months(household);
        Ok(Changes {
            determination,
            changes: search.finish(),
        })
    }
}

/// What a change of at most a given amount in one amount fact can do to each entry of a
/// determination (see [`Engine::nearby`]).
pub(crate) struct Nearby {
    pub(crate) determination: Determination,
    /// Per entry: some such change makes it paid (it is not paid today).
    pub(crate) could_pay: Vec<bool>,
    /// Per entry: some such change makes it other than paid (it is paid today).
    pub(crate) could_stop: Vec<bool>,
}

impl Engine {
    /// Evaluates `household` for `month`, and each of its amount facts moved up and down by
    /// `within` (within the amounts an input may hold): which entries would start or stop
    /// being paid. Two evaluations an amount fact; an outcome that changes and changes back
    /// within the distance is not seen.
    pub(crate) fn nearby(
        &self,
        household: &Household,
        month: Month,
        within: Money,
    ) -> Result<Nearby> {
        let determination = self.evaluate(household, month)?;
        let mut search = Search::new(self, &determination, month);
        let n = within.to_fen().unwrap_or(0).max(0);
        let paid = |o: &Outcome| matches!(o, Outcome::Paid { .. });
        let mut could_pay = vec![false; search.keys.len()];
        let mut could_stop = vec![false; search.keys.len()];
        let mut work = household.clone();
        let mut out = Vec::new();
        for fact in household.changeable_facts() {
            let Some(InputValue::Amount(from)) = household.fact(fact) else {
                continue;
            };
            let Some(today) = from.to_fen() else {
                continue;
            };
            for end in [
                today.saturating_add(n).min(max_fen()),
                today.saturating_sub(n).max(0),
            ] {
                if end == today {
                    continue;
                }
                search.probe_amount(&mut work, household, fact, end, &mut out);
                for (i, now) in out.iter().enumerate() {
                    let (Some(now), Some(base)) = (now, search.base.get(i)) else {
                        continue;
                    };
                    if paid(now) && !paid(base) {
                        if let Some(flag) = could_pay.get_mut(i) {
                            *flag = true;
                        }
                    } else if !paid(now)
                        && paid(base)
                        && let Some(flag) = could_stop.get_mut(i)
                    {
                        *flag = true;
                    }
                }
            }
        }
        Ok(Nearby {
            determination,
            could_pay,
            could_stop,
        })
    }
}
