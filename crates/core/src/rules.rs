//! Rule ids and articles from the rule catalogue, and the violation a refused step carries.
//!
//! Each [`Rule`] names its id exactly as the catalogue does (`R-02-6`) and the article it rests on,
//! so that a refusal can always say which provision forbids the step.

/// A statutory rule from the rule catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The catalogue id, e.g. `R-02-6`.
    pub id: &'static str,
    /// The provision, in the form officials cite it.
    pub article: &'static str,
}

/// 省令第336号 第三条: every item is classified under one of Shandong's seven categories.
pub const R_01_2: Rule = Rule { id: "R-01-2", article: "山东省人民政府令第336号 第三条第一款" };
/// The catalogue is decided by the decision organ, consented to by the party committee, then published.
pub const R_02_3: Rule = Rule {
    id: "R-02-3",
    article: "国务院令第713号 第三条第三款；山东省人民政府令第336号 第四条；济南市人民政府令第287号 第六条",
};
/// A published catalogue changes only through an approved, republished adjustment.
pub const R_02_6: Rule = Rule {
    id: "R-02-6",
    article: "国务院令第713号 第三条第三款；山东省人民政府令第336号 第四条；鲁政发〔2021〕9号",
};
/// Matters excluded from the procedure: 宏观调控、政府立法、突发事件应急处置、政府内部事务管理.
pub const R_01_3: Rule = Rule {
    id: "R-01-3",
    article: "山东省人民政府令第336号 第三条第二款；国务院令第713号 第三条第二款",
};
/// In Shandong an item is initiated only from a published catalogue (or approved adjustment).
pub const R_01_6: Rule = Rule { id: "R-01-6", article: "山东省人民政府令第336号 第四条" };
/// Department and lower-government proposals state problem, reasons, plan, necessity/feasibility.
pub const R_03_1: Rule = Rule { id: "R-03-1", article: "国务院令第713号 第十条" };
/// The start decision names the sponsor, with one lead unit where there are several.
pub const R_03_2: Rule = Rule { id: "R-03-2", article: "国务院令第713号 第十一条" };
/// The legal basis is inventoried while drafting (a non-empty list by legality submission).
pub const R_04_1: Rule = Rule { id: "R-04-1", article: "国务院令第713号 第十二条" };
/// Units whose duties are affected are consulted; disputes are reported.
pub const R_04_4: Rule = Rule { id: "R-04-4", article: "国务院令第713号 第十三条" };
/// The public is heard, except for items that may not be disclosed.
pub const R_05_1: Rule = Rule { id: "R-05-1", article: "国务院令第713号 第十四条" };
/// A hearing is held where law requires one; otherwise its omission is recorded.
pub const R_06_1: Rule = Rule { id: "R-06-1", article: "国务院令第713号 第十六条第一款" };
/// Professional or technical items are reviewed by experts.
pub const R_07_1: Rule = Rule { id: "R-07-1", article: "国务院令第713号 第十九条第一款" };
/// Items that may affect stability or safety are risk-assessed.
pub const R_08_1: Rule = Rule { id: "R-08-1", article: "国务院令第713号 第二十二条第一款" };
/// Items affecting market entities' economic activity undergo fair competition review.
pub const R_09_1: Rule =
    Rule { id: "R-09-1", article: "国务院令第713号 第二十九条；《公平竞争审查条例》第二条" };
/// A comment notice publishes the draft and explanation, how and until when to comment.
pub const R_05_4: Rule = Rule { id: "R-05-4", article: "国务院令第713号 第十五条第一款" };
/// The comment period is generally at least 30 days; a shortening reason is given in the notice.
pub const R_05_5: Rule = Rule { id: "R-05-5", article: "国务院令第713号 第十五条第一款" };
/// Opinions are summarised, studied, reasonable ones adopted and the draft improved.
pub const R_05_8: Rule = Rule { id: "R-05-8", article: "国务院令第713号 第十八条" };
/// The feedback publishes how opinions were collected and adopted, and why concentrated opinions
/// were not adopted.
pub const R_05_9: Rule = Rule {
    id: "R-05-9",
    article: "《市中区2022年政务公开工作要点》二（三）；《山东省重大行政决策公众参与办法》",
};
/// The risk report sets out risk points, measures and a contingency plan, after hearing departments.
pub const R_08_3: Rule = Rule { id: "R-08-3", article: "国务院令第713号 第二十三条" };
/// An uncontrollable risk is decided on only after the draft is adjusted to make it controllable.
pub const R_08_4: Rule = Rule { id: "R-08-4", article: "国务院令第713号 第二十四条" };
/// The market regulation department reviews with the drafting unit: first review + conclusion.
pub const R_09_2: Rule = Rule { id: "R-09-2", article: "《公平竞争审查条例》第十四条" };
/// An exception is justified in full: ground, no less restrictive alternative, period or end.
pub const R_09_4: Rule =
    Rule { id: "R-09-4", article: "《公平竞争审查条例》第八条至第十二条、第十七条" };
/// The draft, explanation, time and place of a hearing are published in advance.
pub const R_06_2: Rule = Rule { id: "R-06-2", article: "国务院令第713号 第十六条第二款" };
/// Participants are selected fairly by a method published in advance; the list is published.
pub const R_06_3: Rule = Rule { id: "R-06-3", article: "国务院令第713号 第十六条第三款" };
/// Stakeholder representatives are generally at least half of the participants (Shandong).
pub const R_06_4: Rule = Rule { id: "R-06-4", article: "《山东省重大行政决策公众参与工作办法》" };
/// Hearing materials reach participants 7 days before the hearing.
pub const R_06_5: Rule = Rule { id: "R-06-5", article: "国务院令第713号 第十六条第三款" };
/// Participants confirm and sign the hearing record.
pub const R_06_6: Rule = Rule { id: "R-06-6", article: "国务院令第713号 第十七条" };
/// Experts are professional, representative and neutral; none with a direct interest.
pub const R_07_3: Rule = Rule { id: "R-07-3", article: "国务院令第713号 第二十条" };
/// Written opinions are signed or sealed.
pub const R_07_4: Rule = Rule { id: "R-07-4", article: "国务院令第713号 第十九条第二款" };
/// The fewest experts on a panel: unconfirmed, a profile parameter.
pub const R_07_7: Rule =
    Rule { id: "R-07-7", article: "（待核实：国务院令第713号未规定人数，依规则档案参数）" };
/// In Shandong (from 2025-10-01) a public comment round is mandatory, undisclosable items excepted.
pub const R_05_2: Rule = Rule { id: "R-05-2", article: "《山东省重大行政决策公众参与工作办法》" };
/// The submission includes the draft, its legal basis and the statement of procedures performed.
pub const R_10_2: Rule = Rule { id: "R-10-2", article: "国务院令第713号 第二十六条第一款" };
/// The reviewer is given the time it needs, generally at least 7 working days.
pub const R_10_4: Rule = Rule { id: "R-10-4", article: "国务院令第713号 第二十六条第二款" };
/// Policy measures not reviewed for fair competition, or violating it without exception, are not issued.
pub const R_09_5: Rule = Rule { id: "R-09-5", article: "《公平竞争审查条例》第十八条" };
/// Only the legality review opinion of the justice administration satisfies the review; soliciting
/// opinions never replaces it.
pub const R_10_1: Rule = Rule {
    id: "R-10-1",
    article: "国务院令第713号 第二十五条第一款；济南市人民政府令第287号 第四条第三款",
};
/// Materials that fall short are returned, or supplements requested, naming what is missing.
pub const R_10_3: Rule = Rule { id: "R-10-3", article: "国务院令第713号 第二十六条第一款" };
/// The opinion gives a verdict on authority, procedure and content.
pub const R_10_5: Rule = Rule { id: "R-10-5", article: "国务院令第713号 第二十七条" };
/// The reviewer has legal advisers or public lawyers give legal opinions.
pub const R_10_6: Rule = Rule { id: "R-10-6", article: "国务院令第713号 第二十八条" };
/// A draft not reviewed, or found unlawful, does not go to the meeting.
pub const R_10_7: Rule = Rule { id: "R-10-7", article: "国务院令第713号 第二十五条第二款" };
/// An exploratory reform item goes to the meeting with its legal risk stated.
pub const R_10_8: Rule = Rule { id: "R-10-8", article: "国务院令第713号 第二十五条第二款" };
/// The materials the sponsor submits to the meeting.
pub const R_11_1: Rule = Rule { id: "R-11-1", article: "国务院令第713号 第二十九条" };
/// Discussed at the executive or plenary meeting; the head decides.
pub const R_11_2: Rule = Rule { id: "R-11-2", article: "国务院令第713号 第三十条第一款" };
/// Members speak fully; the head speaks last.
pub const R_11_3: Rule = Rule { id: "R-11-3", article: "国务院令第713号 第三十条第二款" };
/// A head deciding against the majority states the reasons at the meeting.
pub const R_11_4: Rule = Rule { id: "R-11-4", article: "国务院令第713号 第三十条第二款" };
/// The discussion and every dissent are recorded truthfully.
pub const R_11_5: Rule = Rule { id: "R-11-5", article: "国务院令第713号 第三十条第三款" };
/// The meeting's outcomes, and amendments of legal substance going back to review: a policy.
pub const R_11_7: Rule = Rule { id: "R-11-7", article: "（待核实：地方会议规则，依规则档案参数）" };
/// Reported to the same-level party committee before issuance.
pub const R_12_1: Rule = Rule { id: "R-12-1", article: "国务院令第713号 第三十一条" };
/// Published through the gazette, the government website and local newspapers.
pub const R_13_1: Rule = Rule { id: "R-13-1", article: "国务院令第713号 第三十二条" };
/// Decisions of wide concern or high technicality are explained and interpreted.
pub const R_13_3: Rule = Rule { id: "R-13-3", article: "国务院令第713号 第三十二条" };
/// Not published only on a ground of law, after the review the disclosure rules require.
pub const R_13_5: Rule = Rule {
    id: "R-13-5",
    article: "国务院令第713号 第三十二条；《中华人民共和国政府信息公开条例》第十四条至第十八条",
};
/// The decision organ designates the execution units.
pub const R_15_1: Rule = Rule { id: "R-15-1", article: "国务院令第713号 第三十四条" };
/// Execution units execute fully, on time and correctly, and report on execution.
pub const R_15_2: Rule = Rule { id: "R-15-2", article: "国务院令第713号 第三十四条" };
/// The year's catalogue is published by 30 June (Shandong).
pub const R_02_4: Rule = Rule { id: "R-02-4", article: "《山东省重大行政决策公众参与工作办法》" };
/// Proactive disclosure within 20 working days of the decision being formed.
pub const R_13_2: Rule = Rule {
    id: "R-13-2", article: "《政府信息公开条例》第二十六条；国务院令第713号 第三十二条"
};
/// Post-decision evaluation starts on a defined trigger, by an organ decision naming the evaluator.
pub const R_16_1: Rule = Rule { id: "R-16-1", article: "国务院令第713号 第三十六条第一款" };
/// The evaluator may not be the unit that did the main pre-decision studies or assessments.
pub const R_16_2: Rule = Rule { id: "R-16-2", article: "国务院令第713号 第三十六条第二款" };
/// The evaluation hears the public and those concerned.
pub const R_16_3: Rule = Rule { id: "R-16-3", article: "国务院令第713号 第三十六条第三款" };
/// The evaluation report ends in a recommendation.
pub const R_16_5: Rule = Rule { id: "R-16-5", article: "国务院令第713号 第三十六条第四款" };
/// A decision is not changed or stopped without the statutory procedure.
pub const R_17_1: Rule = Rule { id: "R-17-1", article: "国务院令第713号 第三十七条" };
/// Only the head suspends, in an art. 35 situation and when urgent.
pub const R_17_2: Rule = Rule { id: "R-17-2", article: "国务院令第713号 第三十七条" };
/// A major adjustment goes through the statutory procedure again.
pub const R_17_3: Rule = Rule { id: "R-17-3", article: "国务院令第713号 第三十七条" };
/// Termination goes through the steps the profile names (legality review, meeting, party report,
/// publication by default).
pub const R_17_4: Rule =
    Rule { id: "R-17-4", article: "（待核实：国务院令第713号 第三十七条，依规则档案参数）" };
/// Delay of a decision that should be made in time (久拖不决) is a ground of liability.
pub const R_18_2: Rule = Rule { id: "R-18-2", article: "国务院令第713号 第三十八条第二款" };
/// Minimum catalogue fields: 序号, 名称, 主要承办单位, 计划完成时间.
pub const R_02_7: Rule = Rule { id: "R-02-7", article: "市中政字〔2022〕27号（目录格式）" };

/// A step the procedure forbids, with the rule that forbids it and messages in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: Rule,
    pub zh: String,
    pub en: String,
}

impl Violation {
    pub fn new(rule: Rule, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Violation { rule, zh: zh.into(), en: en.into() }
    }
}
