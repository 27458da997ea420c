//! Overlap resolution: the pack's overlap table applied as the programs decide, in one
//! place. Exclusive and take-the-higher rules first, then top-ups; a payment a rule takes
//! away stays in the determination as withheld, with the rule that withheld it.

use super::Engine;
use super::working::{Forced, ResolutionRecord, Working};
use crate::decision::{Outcome, Reason};
use crate::money::Money;
use crate::policy::{Condition, OverlapKind, OverlapRule, Party};
use crate::programs::{Ctx, MemberOrder, Members};

impl Engine {
    /// The members paid by a side that an exclusive rule of `losses` makes win over the
    /// program about to run (43号 第27条: a tekun member's needs are met by tekun, and
    /// leaves the dibao unit).
    #[allow(
        clippy::indexing_slicing,
        reason = "slots are below N, the length of `losses`; rule indices in `losses` were taken from this pack's table"
    )]
    #[inline]
    pub(super) fn paid_by_winners<O: MemberOrder>(
        &self,
        slot: usize,
        ctx: &Ctx<'_, O>,
        w: &Working,
    ) -> Members {
        let mut yielded = Members::EMPTY;
        let rules = self.pack.overlaps();
        for &(r, winner) in &self.losses[slot] {
            if side_members(ctx, w, winner) == 0 {
                continue;
            }
            for (i, m) in ctx.members_with_index() {
                if condition_holds(&rules[r], m.age(), w, i)
                    && side_paid(ctx, w, winner, i).is_some()
                {
                    yielded.insert(m.who());
                }
            }
        }
        yielded
    }

    /// Applies the overlap rules completed at `position` of the order of evaluation:
    /// exclusive and take-the-higher first, then top-ups.
    #[allow(
        clippy::indexing_slicing,
        reason = "the engine calls it with positions up to N, the last index of the per-position lists"
    )]
    #[inline(always)]
    pub(super) fn resolve<O: MemberOrder>(
        &self,
        position: usize,
        ctx: &Ctx<'_, O>,
        w: &mut Working,
    ) {
        // Most positions complete no rule (a bit test on a position known when the crate
        // compiles), and most households are paid by none of the programs a rule needs:
        // decided here, inlined, without a call.
        if self.resolving & (1 << position) != 0 && self.needs_after[position] & w.paying() != 0 {
            self.apply_rules(position, ctx, w);
        }
    }

    /// The rules completed at `position`, in order (see [`Engine::resolve`]).
    #[allow(
        clippy::indexing_slicing,
        reason = "the engine calls it with positions up to N; rule indices in `rules_after` were taken from this pack's table"
    )]
    fn apply_rules<O: MemberOrder>(&self, position: usize, ctx: &Ctx<'_, O>, w: &mut Working) {
        let rules = self.pack.overlaps();
        for &r in &self.rules_after[position] {
            let rule = &rules[r];
            match rule.kind() {
                OverlapKind::Exclusive => exclusive(ctx, w, rule, r, position),
                OverlapKind::TakeHigher => take_higher(ctx, w, rule, r, position),
                OverlapKind::TopUp | OverlapKind::Once | OverlapKind::Stack => {}
            }
        }
        for &r in &self.rules_after[position] {
            let rule = &rules[r];
            if rule.kind() == OverlapKind::TopUp {
                top_up(ctx, w, rule, r, position);
            }
        }
    }
}

/// Whether a rule's condition holds for the member.
pub(crate) fn condition_holds(rule: &OverlapRule, age: u32, w: &Working, i: u8) -> bool {
    match rule.condition() {
        None => true,
        Some(Condition::Minor) => age < 18,
        // The winning allowance is paid in full, not reduced to a top-up.
        Some(Condition::FullAllowance) => match rule.winner() {
            Some(Party::Program(p)) => w
                .find(p, i)
                .is_some_and(|e| e.paid().is_some() && !matches!(e.reason, Reason::TopUp { .. })),
            _ => false,
        },
    }
}

/// What a side of a rule pays the member: a program's payment (dibao: the member's share),
/// or an external benefit's monthly amount.
fn side_paid<O: MemberOrder>(ctx: &Ctx<'_, O>, w: &Working, side: Party, i: u8) -> Option<Money> {
    match side {
        Party::Program(p) => w.paid_to(p, i),
        Party::External(kind) => {
            let amount = ctx
                .household()
                .members()
                .get(usize::from(i))?
                .external_benefit(kind);
            (!amount.is_zero()).then_some(amount)
        }
        Party::Any => None,
    }
}

/// Withholds `loser`'s payment to member `i` by the rule at `rule`, applied at `position`
/// of the order of evaluation (household dibao is left alone: its unit has already left the
/// member out).
///
/// A withheld program pays nothing, so it must count as not paid for every rule and
/// program that reads it. When something may already have read it as paid — it was
/// decided before this position, or it won over another program by an earlier rule — the
/// withholding is noted as late, and the engine evaluates the household again with it
/// withheld from the start (see [`Engine::run_programs`](super::Engine)).
fn withhold(w: &mut Working, loser: Party, winner: Party, rule: usize, i: u8, position: usize) {
    let Party::Program(program) = loser else {
        return;
    };
    if let Some(entry) = w.find_mut(program, i)
        && let Outcome::Paid { amount } = entry.outcome
    {
        entry.outcome = Outcome::Withheld {
            amount,
            by: winner,
            rule,
        };
        if super::position_of(Party::Program(program)) < position || w.has_won(program, i) {
            w.note_late(Forced {
                rule,
                program,
                index: i,
                by: winner,
            });
        }
        if let Party::Program(p) = winner {
            w.note_won(p, i);
        }
        w.unpay(program, i);
        if let Some(record) = &mut w.resolutions {
            record.push(ResolutionRecord {
                rule,
                program,
                index: i,
                before: amount,
                after: Money::ZERO,
                by: winner,
            });
        }
    }
}

/// The members a side of a rule may pay: a program's paid members, or the members who
/// receive the external benefit.
fn side_members<O: MemberOrder>(ctx: &Ctx<'_, O>, w: &Working, side: Party) -> u64 {
    match side {
        Party::Program(p) => w.paid_members(p),
        Party::External(kind) => ctx
            .household()
            .members()
            .iter()
            .enumerate()
            .filter(|(_, person)| !person.external_benefit(kind).is_zero())
            .fold(0, |bits, (i, _)| {
                bits | 1u64
                    .checked_shl(u32::try_from(i).unwrap_or(64))
                    .unwrap_or(0)
            }),
        Party::Any => 0,
    }
}

fn exclusive<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    w: &mut Working,
    rule: &OverlapRule,
    r: usize,
    position: usize,
) {
    let (Some(b), Some(winner)) = (rule.b(), rule.winner()) else {
        return;
    };
    let a = Party::Program(rule.a());
    let loser = if winner == a { b } else { a };
    let candidates = w.paid_members(rule.a());
    if candidates == 0 || candidates & side_members(ctx, w, b) == 0 {
        return;
    }
    for (i, m) in ctx.members_with_index() {
        if condition_holds(rule, m.age(), w, i)
            && side_paid(ctx, w, a, i).is_some()
            && side_paid(ctx, w, b, i).is_some()
        {
            withhold(w, loser, winner, r, i, position);
        }
    }
}

fn take_higher<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    w: &mut Working,
    rule: &OverlapRule,
    r: usize,
    position: usize,
) {
    let Some(b) = rule.b() else {
        return;
    };
    let a = Party::Program(rule.a());
    let candidates = w.paid_members(rule.a());
    if candidates == 0 || candidates & side_members(ctx, w, b) == 0 {
        return;
    }
    for (i, _) in ctx.members_with_index() {
        if let (Some(x), Some(y)) = (side_paid(ctx, w, a, i), side_paid(ctx, w, b, i)) {
            // Equal amounts: the program of the crate gives way.
            if x > y {
                withhold(w, b, a, r, i, position);
            } else {
                withhold(w, a, b, r, i, position);
            }
        }
    }
}

/// Pays `rule.a()` only what it pays above what side `b` pays the member. A top-up that
/// leaves nothing withholds the program: as for [`withhold`], when something may already
/// have read it as paid (decided before this position, or an earlier top-up that counted it as already
/// received), the withholding is noted as late and the household evaluated again with it
/// withheld from the start. The side counted as received is noted as read in turn.
fn top_up<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    w: &mut Working,
    rule: &OverlapRule,
    r: usize,
    position: usize,
) {
    let Some(b) = rule.b() else {
        return;
    };
    let program = rule.a();
    let candidates = w.paid_members(program);
    if candidates == 0 || candidates & side_members(ctx, w, b) == 0 {
        return;
    }
    for (i, _) in ctx.members_with_index() {
        let Some(add) = side_paid(ctx, w, b, i) else {
            continue;
        };
        let Some(entry) = w.find_mut(program, i) else {
            continue;
        };
        let Outcome::Paid { amount } = entry.outcome else {
            continue;
        };
        // The other side's payment is counted against this one: it has been read.
        let counted = match b {
            Party::Program(p) => Some(p),
            _ => None,
        };
        let (full, already) = match entry.reason {
            Reason::TopUp { full, already } => (full, already + add),
            _ => (amount, add),
        };
        entry.reason = Reason::TopUp { full, already };
        let rest = (full - already).round_to_fen();
        let traced = (
            amount,
            if rest.is_negative() {
                Money::ZERO
            } else {
                rest
            },
        );
        if rest.is_negative() || rest.is_zero() {
            entry.outcome = Outcome::Withheld {
                amount: full,
                by: b,
                rule: r,
            };
            if super::position_of(Party::Program(program)) < position || w.has_won(program, i) {
                w.note_late(Forced {
                    rule: r,
                    program,
                    index: i,
                    by: b,
                });
            }
            w.unpay(program, i);
        } else {
            entry.outcome = Outcome::Paid { amount: rest };
        }
        if let Some(p) = counted {
            w.note_won(p, i);
        }
        if let Some(record) = &mut w.resolutions {
            record.push(ResolutionRecord {
                rule: r,
                program,
                index: i,
                before: traced.0,
                after: traced.1,
                by: b,
            });
        }
    }
}

/// Whether a withholding made late still holds once the household was evaluated with it
/// from the start: the rule's condition holds and its winner pays the member (for
/// take-the-higher and top-ups: the other side pays at least as much).
pub(super) fn still_holds<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    w: &Working,
    rule: &OverlapRule,
    forced: &Forced,
) -> bool {
    let Some(d) = ctx.derived().get(usize::from(forced.index)).copied() else {
        return false;
    };
    let winner = side_paid(ctx, w, forced.by, forced.index);
    match rule.kind() {
        OverlapKind::Exclusive => condition_holds(rule, d.age, w, forced.index) && winner.is_some(),
        // Take-the-higher, and a top-up withheld from the start: it holds while the other
        // side pays at least the program's (full) amount.
        OverlapKind::TakeHigher | OverlapKind::TopUp => {
            let withheld = w
                .find(forced.program, forced.index)
                .and_then(|e| match e.outcome {
                    Outcome::Withheld { amount, .. } => Some(amount),
                    _ => None,
                });
            matches!((winner, withheld), (Some(y), Some(x)) if x <= y)
        }
        _ => false,
    }
}
