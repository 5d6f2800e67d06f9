//! Settlement steps as sentences, in Chinese or English, each flagged when its figure is unverified or missing.

use rust_decimal::Decimal;

use super::{
    BandBasis, BandsCounted, DeductiblePer, Money, Provenance, Reduction, SettlementParams,
    ShareFrom, Step,
};
use crate::domain::lang::Lang;

/// An unrounded amount as it is (`48.888`), or with two places when it has no more than that.
fn exact(m: Money) -> String {
    let d = m.amount().normalize();
    if d.scale() <= 2 {
        m.to_string()
    } else {
        d.to_string()
    }
}

fn points(p: Decimal) -> String {
    p.normalize().to_string()
}

impl Provenance {
    /// The bracketed source note appended to a step; empty for figures the case itself gave.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Provenance::Case, _) => String::new(),
            (
                Provenance::Policy {
                    source,
                    verified: true,
                },
                Lang::Zh,
            ) => format!("［出处：{source}］"),
            (
                Provenance::Policy {
                    source,
                    verified: true,
                },
                Lang::En,
            ) => format!(" [source: {source}]"),
            (
                Provenance::Policy {
                    source,
                    verified: false,
                },
                Lang::Zh,
            ) => {
                format!("［出处：{source}，未核实］")
            }
            (
                Provenance::Policy {
                    source,
                    verified: false,
                },
                Lang::En,
            ) => {
                format!(" [source: {source}, UNVERIFIED]")
            }
            (Provenance::Missing, Lang::Zh) => "（我们没有这个数字）".to_owned(),
            (Provenance::Missing, Lang::En) => " (we don't have this figure)".to_owned(),
        }
    }
}

impl Step {
    /// The step as one sentence in `lang`, with the source of the figure it used.
    pub fn text(&self, params: &SettlementParams, lang: Lang) -> String {
        let mut text = self.sentence(params, lang);
        if let Some(provenance) = self.param().and_then(|name| params.provenance(name)) {
            text.push_str(&provenance.text(lang));
        }
        text
    }

    /// The step as one sentence in `lang`, without its source: for a page that shows the source on a line of its
    /// own. A missing figure still reads as missing where the sentence turns on it (the cap, a reduction).
    pub fn sentence(&self, params: &SettlementParams, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match *self {
            Step::Total { items, total } => {
                if zh {
                    format!("共 {items} 项费用，医疗总费用 {total} 元。")
                } else {
                    let noun = if items == 1 { "item" } else { "items" };
                    format!("Total of {items} {noun}: {total}.")
                }
            }
            Step::ClassBFirstSelfPay {
                item,
                amount,
                share,
                from,
                exact: e,
                rounded,
            } => {
                let n = item + 1;
                let e = exact(e);
                match (zh, from) {
                    (true, ShareFrom::Item) => format!(
                        "第 {n} 项乙类 {amount} 元 × 该项先行自付比例 {share} = {e}，四舍五入为 {rounded} 元。"
                    ),
                    (true, ShareFrom::TreatmentPlace) => format!(
                        "第 {n} 项乙类 {amount} 元 × 就医地乙类先行自付比例 {share} = {e}，四舍五入为 {rounded} 元。"
                    ),
                    (false, ShareFrom::Item) => format!(
                        "Item {n}, Class B {amount} × its first self-pay share {share} = {e}, rounded to {rounded}."
                    ),
                    (false, ShareFrom::TreatmentPlace) => format!(
                        "Item {n}, Class B {amount} × the treatment place's first self-pay share {share} = {e}, rounded to {rounded}."
                    ),
                }
            }
            Step::SelfPay { amount } => {
                if zh {
                    format!("丙类及自费费用 {amount} 元，由个人全额负担。")
                } else {
                    format!("Class C and self-pay items: {amount}, paid in full by the person.")
                }
            }
            Step::InScope {
                total,
                class_b_first_self_pay,
                self_pay,
                in_scope,
            } => {
                if zh {
                    format!(
                        "政策范围内费用 = 总费用 {total} − 乙类先行自付 {class_b_first_self_pay} − 自费 {self_pay} = {in_scope} 元。"
                    )
                } else {
                    format!(
                        "In-scope amount = total {total} − Class B first self-pay {class_b_first_self_pay} − self-pay {self_pay} = {in_scope}."
                    )
                }
            }
            Step::NotDirectlySettled { total } => {
                if zh {
                    format!(
                        "未备案且非急诊抢救：不能直接结算。请在医院先全额支付 {total} 元，再回参保地按规定申请手工报销；数据中没有手工报销可得金额的出处，故不作估算。"
                    )
                } else {
                    format!(
                        "Not filed and not an emergency: not settled directly. Pay the full {total} at the hospital, then claim by hand (手工报销) at the insured place under its rules; the data has no sourced figure for what that claim pays, so none is estimated."
                    )
                }
            }
            Step::ReductionFirstSelfPay {
                share,
                exact: e,
                rounded,
                in_scope_after,
            } => {
                let e = exact(e);
                if zh {
                    format!(
                        "临时外出就医下调：个人先行自付政策范围内费用的 {share} = {e}，四舍五入为 {rounded} 元，余 {in_scope_after} 元。"
                    )
                } else {
                    format!(
                        "Temporary-trip reduction: the person first pays {share} of the in-scope amount = {e}, rounded to {rounded}; {in_scope_after} remains."
                    )
                }
            }
            Step::Deductible {
                standard,
                per,
                paid_ytd,
                applied,
            } => match (zh, per) {
                (true, DeductiblePer::Year) => format!(
                    "起付标准 {standard} 元（年度），本年已付 {paid_ytd} 元：本次由个人支付起付部分 {applied} 元。"
                ),
                (true, DeductiblePer::Settlement) => {
                    format!("起付标准 {standard} 元（每次）：本次由个人支付起付部分 {applied} 元。")
                }
                (false, DeductiblePer::Year) => format!(
                    "Deductible {standard} a year, {paid_ytd} already paid this year: the person pays {applied} of the in-scope amount first."
                ),
                (false, DeductiblePer::Settlement) => format!(
                    "Deductible {standard} each time: the person pays {applied} of the in-scope amount first."
                ),
            },
            Step::Reduction { reduction } => reduction_sentence(reduction, params, zh),
            Step::BandsCounted {
                counted,
                in_scope_paid,
                from,
            } => match (zh, counted) {
                (true, Some(BandsCounted::PerYear)) => format!(
                    "分段按年度累计：今年此前已发生政策范围内费用 {in_scope_paid} 元，本次从分段的 {from} 元处起算。"
                ),
                (true, Some(BandsCounted::PerSettlement)) => format!(
                    "分段按次计算：今年此前的政策范围内费用 {in_scope_paid} 元不计入，本次从 0 元起算。"
                ),
                (true, None) => format!(
                    "不清楚分段是按年度累计（今年此前已发生政策范围内费用 {in_scope_paid} 元）还是按次计算：这里按次从 0 元起算，实际基金支付可能不同。"
                ),
                (false, Some(BandsCounted::PerYear)) => format!(
                    "Bands counted over the year (年度累计): {in_scope_paid} in scope earlier this year, so this settlement is counted from {from} on the band scale."
                ),
                (false, Some(BandsCounted::PerSettlement)) => format!(
                    "Bands counted per stay or visit (按次): the {in_scope_paid} in scope earlier this year does not count; this settlement is counted from 0."
                ),
                (false, None) => format!(
                    "Not known whether these bands count the {in_scope_paid} in scope earlier this year (年度累计) or each stay or visit alone (按次): counted from 0 here, so the fund may pay a different amount."
                ),
            },
            Step::Band {
                index,
                basis,
                from,
                up_to,
                part,
                ratio,
                payment,
            } => {
                let n = index + 1;
                let payment = exact(payment);
                if index == 0 && up_to.is_none() {
                    // A single ratio: no band to name.
                    return if zh {
                        format!(
                            "起付标准以上的政策范围内费用 {part} × 支付比例 {ratio} = {payment} 元。"
                        )
                    } else {
                        format!(
                            "In-scope amount above the deductible {part} × ratio {ratio} = {payment}."
                        )
                    };
                }
                let range_zh = match up_to {
                    Some(u) => format!("{from} 至 {u} 元"),
                    None => format!("{from} 元以上"),
                };
                let range_en = match up_to {
                    Some(u) => format!("{from} to {u}"),
                    None => format!("above {from}"),
                };
                match (zh, basis) {
                    (true, BandBasis::Expense) => format!(
                        "第 {n} 段（按政策范围内费用计 {range_zh}）：{part} × {ratio} = {payment} 元。"
                    ),
                    (true, BandBasis::AboveDeductible) => format!(
                        "第 {n} 段（按起付标准以上金额计 {range_zh}）：{part} × {ratio} = {payment} 元。"
                    ),
                    (false, BandBasis::Expense) => format!(
                        "Band {n} (in-scope expense {range_en}): {part} × {ratio} = {payment}."
                    ),
                    (false, BandBasis::AboveDeductible) => format!(
                        "Band {n} (amount above the deductible {range_en}): {part} × {ratio} = {payment}."
                    ),
                }
            }
            Step::FundRounded { exact: e, rounded } => {
                let e = exact(e);
                if zh {
                    format!("基金应付 {e}，四舍五入到分：{rounded} 元。")
                } else {
                    format!("Fund payment {e}, rounded to the cent: {rounded}.")
                }
            }
            Step::AnnualCap {
                cap,
                fund_paid_ytd,
                left,
                before,
                fund,
            } => cap_sentence(cap, fund_paid_ytd, left, before, fund, params, zh),
            Step::Personal {
                total,
                fund,
                personal,
            } => {
                if zh {
                    format!("个人支付 = 总费用 {total} − 基金支付 {fund} = {personal} 元。")
                } else {
                    format!("Personal payment = total {total} − fund {fund} = {personal}.")
                }
            }
        }
    }
}

fn reduction_sentence(reduction: Reduction, params: &SettlementParams, zh: bool) -> String {
    match reduction {
        Reduction::None if params.reduction.provenance == Provenance::Missing => {
            let limit = params
                .reduction_limit
                .as_ref()
                .map(|l| points(l.value.value()));
            match (zh, limit) {
                (true, Some(n)) => format!(
                    "我们没有参保地对该备案类别的支付比例下调办法，这里按不下调计算；国家规定最多可下调 {n} 个百分点，实际基金支付可能更少。"
                ),
                (true, None) => {
                    "我们没有参保地对该备案类别的支付比例下调办法，这里按不下调计算，实际基金支付可能更少。".to_owned()
                }
                (false, Some(n)) => format!(
                    "We don't have the insured place's reduction for this filing category, so none is applied here; national guidance allows up to {n} percentage points less, so the fund may pay less than shown."
                ),
                (false, None) => "We don't have the insured place's reduction for this filing category, so none is applied here; the fund may pay less than shown.".to_owned(),
            }
        }
        Reduction::None => {
            if zh {
                "该备案类别不下调支付比例，按参保地原比例支付。".to_owned()
            } else {
                "No reduction for this filing category: the insured place's usual ratios apply."
                    .to_owned()
            }
        }
        Reduction::SubtractPoints { points: p } => {
            let p = points(p.value());
            if zh {
                format!("该备案类别各段支付比例下调 {p} 个百分点（最低为 0）。")
            } else {
                format!(
                    "Every ratio lowered by {p} percentage points for this filing category (never below 0)."
                )
            }
        }
        Reduction::MultiplyRatio { factor } => {
            if zh {
                format!("该备案类别按原支付比例的 {factor} 支付。")
            } else {
                format!("Every ratio multiplied by {factor} for this filing category.")
            }
        }
        Reduction::AddFirstSelfPay { share } => {
            if zh {
                format!("该备案类别的下调方式为先行自付 {share}（见上）。")
            } else {
                format!(
                    "This filing category is reduced by a first self-pay share of {share} (above)."
                )
            }
        }
        Reduction::HigherDeductible { deductible } => {
            if zh {
                format!("该备案类别的下调方式为起付标准提高至 {deductible} 元（见上）。")
            } else {
                format!(
                    "This filing category is reduced by a higher deductible of {deductible} (above)."
                )
            }
        }
    }
}

fn cap_sentence(
    cap: Option<Money>,
    fund_paid_ytd: Money,
    left: Option<Money>,
    before: Money,
    fund: Money,
    params: &SettlementParams,
    zh: bool,
) -> String {
    let missing = params.annual_cap.provenance == Provenance::Missing;
    match (cap, left) {
        (Some(cap), Some(left)) => {
            let limited = fund < before;
            match (zh, limited) {
                (true, false) => format!(
                    "年度最高支付限额 {cap} 元，本年基金已付 {fund_paid_ytd} 元，尚余 {left} 元：基金支付 {fund} 元。"
                ),
                (true, true) => format!(
                    "年度最高支付限额 {cap} 元，本年基金已付 {fund_paid_ytd} 元，尚余 {left} 元：基金支付由 {before} 元降为 {fund} 元。"
                ),
                (false, false) => format!(
                    "Annual cap {cap}, {fund_paid_ytd} already paid by the fund this year, {left} left: the fund pays {fund}."
                ),
                (false, true) => format!(
                    "Annual cap {cap}, {fund_paid_ytd} already paid by the fund this year, {left} left: the fund pays {fund} instead of {before}."
                ),
            }
        }
        _ => match (zh, missing) {
            (true, false) => format!("不设年度最高支付限额：基金支付 {fund} 元。"),
            (true, true) => format!("我们没有年度最高支付限额，这里未作限制：基金支付 {fund} 元。"),
            (false, false) => format!("No annual cap: the fund pays {fund}."),
            (false, true) => format!(
                "We don't have the annual cap, so none is applied here: the fund pays {fund}."
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BillItem, Deductible, ItemKind, Param, RatioBands, YearToDate, settle};
    use super::*;
    use crate::domain::money::Ratio;

    fn langfang() -> (SettlementParams, Vec<BillItem>) {
        let r = |s: &str| Ratio::new(s.parse().unwrap()).unwrap();
        let params = SettlementParams {
            deductible: Param::from_case(Deductible {
                amount: Money::ZERO,
                per: DeductiblePer::Year,
            }),
            ratio_bands: Param {
                value: RatioBands::flat(r("0.80")),
                provenance: Provenance::Policy {
                    source: "N1-QA".into(),
                    verified: true,
                },
            },
            annual_cap: Param {
                value: None,
                provenance: Provenance::Missing,
            },
            reduction: Param::from_case(Reduction::None),
            reduction_limit: None,
            class_b_share: Param {
                value: Some(r("0.10")),
                provenance: Provenance::Policy {
                    source: "N1-QA".into(),
                    verified: false,
                },
            },
            not_filed: None,
        };
        let items = vec![
            BillItem {
                name: None,
                kind: ItemKind::ClassA,
                amount: "32.52".parse().unwrap(),
                first_self_pay_share: None,
            },
            BillItem {
                name: None,
                kind: ItemKind::ClassB,
                amount: "31.77".parse().unwrap(),
                first_self_pay_share: None,
            },
        ];
        (params, items)
    }

    #[test]
    fn every_step_reads_in_both_languages_with_its_source() {
        let (params, items) = langfang();
        let b = settle(&params, &items, YearToDate::default()).unwrap();
        let en: Vec<String> = b.steps.iter().map(|s| s.text(&params, Lang::En)).collect();
        let zh: Vec<String> = b.steps.iter().map(|s| s.text(&params, Lang::Zh)).collect();
        assert!(en.iter().any(|t| t.contains("31.77 × the treatment place's first self-pay share 10% = 3.177, rounded to 3.18. [source: N1-QA, UNVERIFIED]")));
        assert!(
            en.iter()
                .any(|t| t == "Fund payment 48.888, rounded to the cent: 48.89.")
        );
        assert!(en.iter().any(
            |t| t.contains("have the annual cap") && t.contains("(we don't have this figure)")
        ));
        assert!(
            zh.iter()
                .any(|t| t == "基金应付 48.888，四舍五入到分：48.89 元。")
        );
        assert!(zh.iter().any(|t| t.contains("未核实")));
        assert_eq!(en[0], "Total of 2 items: 64.29.");
        let one = Step::Total {
            items: 1,
            total: "64.29".parse().unwrap(),
        };
        assert_eq!(one.text(&params, Lang::En), "Total of 1 item: 64.29.");
        assert!(zh.iter().all(|t| !t.is_empty()));
    }

    #[test]
    fn how_bands_count_reads_in_both_languages() {
        let (params, _) = langfang();
        let step = |counted| Step::BandsCounted {
            counted,
            in_scope_paid: "25000".parse().unwrap(),
            from: "25000".parse().unwrap(),
        };
        let year = step(Some(BandsCounted::PerYear));
        assert!(year.text(&params, Lang::En).starts_with(
            "Bands counted over the year (年度累计): 25000.00 in scope earlier this year, so this settlement is counted from 25000.00"
        ));
        assert!(
            year.text(&params, Lang::Zh)
                .starts_with("分段按年度累计：今年此前已发生政策范围内费用 25000.00 元")
        );
        let stay = step(Some(BandsCounted::PerSettlement)).text(&params, Lang::En);
        assert!(stay.contains("does not count"), "{stay}");
        let unknown = step(None).text(&params, Lang::Zh);
        assert!(unknown.starts_with("不清楚分段是按年度累计"), "{unknown}");
        assert!(
            unknown.ends_with("［出处：N1-QA］"),
            "the bands' source: {unknown}"
        );
    }
}
