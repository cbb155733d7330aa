//! The statutory rule catalogue (`procedure-rules.md` §1, R-01-1 to R-18-6) as data, one entry per rule.
//!
//! [`crate::rules`] holds the few rules a refusal cites today, with the article in the form officials
//! quote it; this module holds every rule of §1 so that the engine, the API and the docs can list,
//! look up and filter them without re-reading the design document. Entries are transcribed from the
//! rule headings: sources and stage exactly as written, kinds from the bold type code, and the first
//! Chinese quotation of the `CN:` line verbatim.
//!
//! # Kinds
//! A heading may carry two kinds (`DL + REC`, `DL / NOT`, `HG-O + DL`, `REC; HG at CLOSE`); all of
//! them are listed in [`RuleEntry::kinds`], in the heading's order. A qualifier in the heading
//! (`HG (role)`, `HG (when flagged)`, `HG (Shandong)`, `REC (schema)`, "HG at R-10-2") goes into
//! [`RuleEntry::kind_note`]. Six headings name no kind; their kind was chosen from the rule's text
//! and the note says so:
//! - R-07-7 (minimum number of experts) and R-17-4 (termination handled like an adjustment): `HG`,
//!   as the threshold or the re-run procedure would be enforced like R-07-3 and R-17-3.
//! - R-08-5 (three-tier risk grading): `HG` + `REC`, from its suggested mapping (高 refuses, 中 needs
//!   a `mitigation_plan` record).
//! - R-11-7 (meeting outcome set) and R-14-2 (Shandong archive rules, text not found): `REC`.
//! - R-10-3 (transition `RETURN`, role JUSTICE_BUREAU): `HG`, since only that role may return the
//!   submission and the return must list what is missing.
//! - R-18-5 ("see R-07-6"): the kind of R-07-6, `HG (policy)`.
//!
//! # Profiles
//! A profile is the set of rules that binds a deployment. [`Profile::National`] is 国务院令第713号 and
//! the other national instruments; [`Profile::Shandong`] adds the provincial and local ones, and is
//! what Jinan runs. The profile of a rule follows from the leading code of its sources:
//! - a rule with any national source (N, FCR, OGI, HOL, WT, CIV) binds everywhere, so it is in both
//!   profiles, even where a Shandong source adds detail to it;
//! - a rule whose sources are all Shandong, Jinan or district instruments (SD, SD-PP, SD-PE, SD-CAT,
//!   SD-ARC, JN, SZ, and the local notices cited by name: 省司法厅, 鲁政发, 市中区, the 钢城区 seed
//!   document) is in [`Profile::Shandong`] only. A "cf. N …" comparison (R-01-2) is not a source;
//! - a rule whose only source is `[U]` (R-07-7, R-08-5, R-11-7, R-17-4) refines a national rule as
//!   configurable policy, so it is offered to both profiles.
//!
//! # Unconfirmed rules
//! [`RuleEntry::unconfirmed`] is set where the heading itself is `[U]`; such a rule must stay a
//! configurable policy, never a hard-coded guard. Where only a sub-point of a sourced rule is `[U]`,
//! the flag stays false and the summary names the unconfirmed point.

string_enum! {
    /// The rule types of the catalogue's legend (§0), with the legend's codes.
    RuleKind {
        /// The engine refuses the transition.
        HardGuard = "HG",
        /// Refused unless an override reason, its approver and (where the law says so) its publication
        /// are recorded; the text says "一般" or allows a stated exception.
        HardGuardWithOverride = "HG-O",
        /// A record obligation; it blocks only where a later guard depends on it.
        Record = "REC",
        /// A notice or publication obligation.
        Notice = "NOT",
        /// A deadline or timer (日 = calendar days, 工作日 = working days).
        Deadline = "DL",
    }
}

string_enum! {
    /// Which body of law a deployment is bound by.
    Profile {
        /// 国务院令第713号 and the other national instruments only.
        National = "NATIONAL",
        /// National law plus the Shandong, Jinan and district instruments (the Jinan deployment).
        Shandong = "SHANDONG",
    }
}

/// One rule of §1 of the rule catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RuleEntry {
    /// `R-NN-M`, as in the catalogue.
    pub id: &'static str,
    /// The source citations as written in the heading, split where the heading separates instruments
    /// with `;` or `+` (a `;` inside parentheses stays).
    pub sources: &'static [&'static str],
    /// The heading's `Stage:` as written; empty where the heading names none.
    pub stage: &'static str,
    /// Every kind the heading names, in its order (see the module doc for headings that name none).
    pub kinds: &'static [RuleKind],
    /// The qualifier the heading puts on its kind ("role", "when flagged", "Shandong", …).
    pub kind_note: Option<&'static str>,
    /// The heading or its kind is marked `[U]`: keep it configurable, never a hard-coded guard.
    pub unconfirmed: bool,
    /// One or two sentences from the rule's English text.
    pub summary_en: &'static str,
    /// The first Chinese quotation of the rule's `CN:` line, verbatim without 「」; empty if none.
    pub key_phrase_zh: &'static str,
    /// The profiles the rule binds (see the module doc).
    pub profiles: &'static [Profile],
}

impl RuleEntry {
    pub fn has_kind(&self, kind: RuleKind) -> bool {
        self.kinds.contains(&kind)
    }

    pub fn applies_to(&self, profile: Profile) -> bool {
        self.profiles.contains(&profile)
    }
}

/// The entry with this id, if the catalogue has it.
/// The guards (HG and HG-O rules) of one chapter of the catalogue (`R-05`), in catalogue order:
/// what a step inside that chapter's region is checked against, as its audit event records it.
pub fn chapter_guards(chapter: &str) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|r| r.id.strip_prefix(chapter).is_some_and(|rest| rest.starts_with('-')))
        .filter(|r| r.has_kind(RuleKind::HardGuard) || r.has_kind(RuleKind::HardGuardWithOverride))
        .map(|r| r.id)
        .collect()
}

pub fn rule(id: &str) -> Option<&'static RuleEntry> {
    RULES.iter().find(|r| r.id == id)
}

/// The rules binding a profile, in catalogue order.
pub fn rules_for(profile: Profile) -> impl Iterator<Item = &'static RuleEntry> {
    RULES.iter().filter(move |r| r.applies_to(profile))
}

// Short names so that each entry reads like its heading.
use RuleKind::{Deadline as DL, HardGuard as HG, HardGuardWithOverride as HGO, Notice as NOT, Record as REC};
const BOTH: &[Profile] = &[Profile::National, Profile::Shandong];
const SD_ONLY: &[Profile] = &[Profile::Shandong];

/// Every rule of §1, in document order.
pub const RULES: &[RuleEntry] = &[
    // R-01 Scope and exclusions
    RuleEntry {
        id: "R-01-1",
        sources: &["N art.2, art.42", "SD art.2", "JN art.2"],
        stage: "all",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The regulation governs decisions of county-level-and-above local governments; Shandong extends the \
                     scope to execution, and departments and township governments apply it by reference. In Jinan the \
                     decision organs are the 市 and 区县 governments.",
        key_phrase_zh: "县级以上地方人民政府(以下称决策机关)重大行政决策的作出和调整程序，适用本条例",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-01-2",
        sources: &["SD art.3 ¶1 (cf. N art.3 ¶1, which has 5 categories)"],
        stage: "CATALOGUE / PROPOSAL",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Every item must be classified under one of Shandong's 7 categories (SD3-1..SD3-7); the category is \
                     required to create an item.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-01-3",
        sources: &["SD art.3 ¶2", "N art.3 ¶2"],
        stage: "PROPOSAL",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "宏观调控决策, 政府立法决策, 突发事件应急处置决策 and, Shandong only, 政府内部事务管理决策 are not MADs; \
                     where a law or administrative regulation prescribes another procedure, that procedure applies.",
        key_phrase_zh: "宏观调控决策、政府立法决策、突发事件应急处置决策以及政府内部事务管理决策，不适用本规定",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-01-4",
        sources: &["N art.8"],
        stage: "PUBLICATION",
        kinds: &[HG],
        kind_note: Some("when flagged"),
        unconfirmed: false,
        summary_en: "If the matter falls within the people's congress's decision power, or must be reported to the \
                     人大常委会 before issuance, those rules apply; PUBLISH is blocked until an `npc_step` record exists.",
        key_phrase_zh: "属于本级人民代表大会及其常务委员会讨论决定的重大事项范围或者应当在出台前向本级人民代表大会常务委员会报告的，按照有关规定办理",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-01-5",
        sources: &["N art.4", "JN art.3"],
        stage: "all",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Party leadership runs through the whole process; it is implemented concretely by R-02-3 (party \
                     consent to the catalogue) and R-12-1 (请示报告 before issuance).",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-01-6",
        sources: &["SD art.4", "SD-PP"],
        stage: "INITIATION",
        kinds: &[HG],
        kind_note: Some("Shandong"),
        unconfirmed: false,
        summary_en: "In Shandong the 司法行政部门 must compile an annual catalogue (nationally it is optional). An item \
                     cannot enter INITIATED unless it is in a PUBLISHED catalogue version or an approved adjustment.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    // R-02 Annual decision catalogue (决策事项目录)
    RuleEntry {
        id: "R-02-1",
        sources: &["SD art.4", "JN arts 4–5"],
        stage: "CATALOGUE",
        kinds: &[HG],
        kind_note: Some("role"),
        unconfirmed: false,
        summary_en: "The 司法行政部门 compiles the annual catalogue, in Jinan together with the 决策机关办公机构. Only \
                     JUSTICE_BUREAU (and GOV_OFFICE in Jinan) may create or edit catalogue drafts.",
        key_phrase_zh: "司法行政部门应当根据本规定第三条的规定，结合本级人民政府的职责权限和本地实际，编制年度决策事项目录，报决策机关研究确定",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-02-2",
        sources: &["JN art.5(1)–(3)"],
        stage: "CATALOGUE",
        kinds: &[DL, REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Each 4th quarter (1 Oct–31 Dec of year N-1) departments propose next year's items, which are refined \
                     and screened with the named departments. The rest of JN art.5 was not available: [U].",
        key_phrase_zh: "每年第四季度，决策机关有关部门结合本部门工作，提出下一年度重大行政决策事项建议",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-02-3",
        sources: &["N art.3 ¶3", "SD art.4", "JN art.6"],
        stage: "CATALOGUE",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Approval chain: the 决策机关 studies and decides, then the 同级党委 consents, then publication. The \
                     catalogue cannot reach PUBLISHED without `gov_approval` and `party_consent` records.",
        key_phrase_zh: "确定决策事项目录、标准，经同级党委同意后向社会公布，并根据实际情况调整",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-02-4",
        sources: &["SD-PP (from 2025-10-01)"],
        stage: "CATALOGUE",
        kinds: &[DL, NOT],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Publish the catalogue by 30 June each year through the government portal and 政务新媒体, excluding \
                     items that are 依法不予公开; the catalogue is then managed dynamically.",
        key_phrase_zh: "决策事项目录按程序编制完成后，除依法不予公开的重大行政决策事项外，应当于每年6月底前通过政府门户网站、政务新媒体等渠道向社会公布，并按规定进行动态调整",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-02-5",
        sources: &["SD-PP", "省司法厅 2025 notice"],
        stage: "CATALOGUE",
        kinds: &[REC],
        kind_note: Some("optional step"),
        unconfirmed: false,
        summary_en: "The catalogue draft may be put to public comment; opinions must be studied and reasonable ones \
                     adopted. No minimum period is known.",
        key_phrase_zh: "可以将决策事项目录草案向社会公开征求意见，并对公众提出的意见进行整理、研究论证，充分采纳合理意见",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-02-6",
        sources: &["N art.3 ¶3", "SD art.4", "鲁政发〔2021〕9号", "SD-CAT art.15 (text not found)"],
        stage: "CATALOGUE_ADJUSTMENT",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Any add, remove or change needs an adjustment record (proposer, reasons, 决策机关 approval) and \
                     creates a new immutable, republished catalogue version. Whether fresh party-committee consent is \
                     needed is [U]; the conservative default requires it.",
        key_phrase_zh: "目录实行动态管理……确需对目录进行调整的，决策事项承办单位要认真研究论证，提出调整建议，按程序报经批准后公布",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-02-7",
        sources: &["SZ", "市中区 2021 catalogue page"],
        stage: "CATALOGUE",
        kinds: &[REC],
        kind_note: Some("schema"),
        unconfirmed: false,
        summary_en: "Minimum catalogue item fields are 序号, 重大行政决策事项名称, 主要承办单位 and 计划完成时间; \
                     `planned_completion` is mandatory and overdue items raise alerts.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-02-8",
        sources: &["SZ 2022 政务公开工作要点 §二(三) / task 30"],
        stage: "all (public item page)",
        kinds: &[NOT],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Each catalogue item's page hyperlinks, as the item progresses, the draft, its explanation and \
                     background, public opinion handling, public attendance at the meeting and the decision result, and \
                     视情况 risk assessment, expert review and effect evaluation.",
        key_phrase_zh: "以事项目录超链接方式归集展示决策草案全文、草案说明、决策背景、公众意见建议收集和采纳情况、公众代表列席决策会议情况、决策结果等信息，视情况公开重大决策风险评估、专家论证、效果评估等信息",
        profiles: SD_ONLY,
    },
    // R-03 Initiation and sponsoring unit (承办单位)
    RuleEntry {
        id: "R-03-1",
        sources: &["N art.10", "SD-PP"],
        stage: "PROPOSAL → INITIATED",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Department or lower-government proposals must state the problem, reasons and basis, and a preliminary \
                     plan with its necessity and feasibility; INITIATED needs a 决策机关 start decision record. Whether \
                     catalogue approval itself counts as the start decision is [U] and configurable.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-03-2",
        sources: &["N art.11"],
        stage: "INITIATED",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The start decision must name the sponsor (决策承办单位); if there are several units, exactly one is \
                     the lead.",
        key_phrase_zh: "应当明确决策事项的承办单位……决策事项需要两个以上单位承办的，应当明确牵头的决策承办单位",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-03-3",
        sources: &["JN art.4 ¶2"],
        stage: "all",
        kinds: &[REC],
        kind_note: Some("role map"),
        unconfirmed: false,
        summary_en: "Departments propose items and handle drafting, execution and post-evaluation; the default sponsor is \
                     the proposing department.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    // R-04 Drafting and alternatives
    RuleEntry {
        id: "R-04-1",
        sources: &["N art.12 ¶1–2"],
        stage: "DRAFTING",
        kinds: &[REC, HG],
        kind_note: Some("HG at R-10-2"),
        unconfirmed: false,
        summary_en: "Research, then a full inventory of the relevant 法律、法规、规章和政策 so the draft is lawful and \
                     consistent with policy; `legal_basis[]` must be non-empty by legality submission.",
        key_phrase_zh: "全面梳理与决策事项有关的法律、法规、规章和政策",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-04-2",
        sources: &["N art.12 ¶3"],
        stage: "DRAFTING",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Cost and benefit analysis is done \"根据需要\"; record whether it was done.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-04-3",
        sources: &["N art.12 ¶4"],
        stage: "DRAFTING",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Where there is 较大分歧, the sponsor may draft two or more alternatives; the engine supports multiple \
                     alternative drafts, and this is not a guard.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-04-4",
        sources: &["N art.13"],
        stage: "DRAFTING",
        kinds: &[HG],
        kind_note: Some("conditional"),
        unconfirmed: false,
        summary_en: "Consult departments and lower governments whose duties are affected; if no agreement is reached, a \
                     dispute statement (issues, each unit's view, the sponsor's view with reasons) goes to the 决策机关.",
        key_phrase_zh: "不能取得一致意见的，应当向决策机关说明争议的主要问题，有关单位的意见，决策承办单位的意见、理由和依据",
        profiles: BOTH,
    },
    // R-05 Public participation (公众参与) and public comment
    RuleEntry {
        id: "R-05-1",
        sources: &["N art.14 ¶1–2"],
        stage: "PARTICIPATION",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The sponsor must hear opinions through means the public can use, unless the item is 依法不予公开. \
                     Before legality submission, at least one participation activity or a recorded non-disclosure \
                     exemption must exist.",
        key_phrase_zh: "应当采取便于社会公众参与的方式充分听取意见，依法不予公开的决策事项除外",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-05-2",
        sources: &["SD-PP (in force 2025-10-01; wording from news report)"],
        stage: "PARTICIPATION",
        kinds: &[HG],
        kind_note: Some("Shandong"),
        unconfirmed: false,
        summary_en: "A public comment round (向社会公开征求意见) is mandatory in Shandong except for undisclosable items, \
                     for items whose participation stage starts on or after 2025-10-01.",
        key_phrase_zh: "决策承办单位应当将决策事项向社会公开征求意见，依法不予公开的除外",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-05-3",
        sources: &["N art.14 ¶3", "SD-PP"],
        stage: "PARTICIPATION",
        kinds: &[HG],
        kind_note: Some("when flagged"),
        unconfirmed: false,
        summary_en: "Items affecting specific groups require consulting the relevant 人民团体、社会组织 and 群众代表; items \
                     closely related to enterprises require hearing representative enterprises and associations (SD-PP).",
        key_phrase_zh: "决策事项涉及特定群体利益的，决策承办单位应当与相关人民团体、社会组织以及群众代表进行沟通协商",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-05-4",
        sources: &["N art.15 ¶1", "SD-PP", "SZ"],
        stage: "PUBLIC_COMMENT (open)",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The comment notice must publish the draft and its explanation and state how and by when to comment \
                     (SD-PP adds 途径 and 联系方式); it cannot open without draft, explanation, method, deadline and a \
                     channel (Shandong: including the portal column).",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-05-5",
        sources: &["N art.15 ¶1", "SD-PP"],
        stage: "PUBLIC_COMMENT",
        kinds: &[HGO, DL],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The comment period is generally ≥ 30 calendar days; if it is shortened for urgency or another reason, \
                     the reason must be stated in the comment notice itself, at opening time.",
        key_phrase_zh: "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-05-6",
        sources: &["N art.15 ¶2"],
        stage: "PUBLIC_COMMENT",
        kinds: &[REC],
        kind_note: Some("optional"),
        unconfirmed: false,
        summary_en: "For widely-debated or technical issues, the sponsor may explain through 专家访谈 or similar.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-05-7",
        sources: &["SD-PP"],
        stage: "PARTICIPATION",
        kinds: &[HG],
        kind_note: Some("when flagged; Shandong"),
        unconfirmed: false,
        summary_en: "An opinion poll (民意调查) is mandatory for major livelihood items in 文化教育、医疗卫生、资源开发、\
                     生态环境保护、公用事业; a commissioned pollster must be a 无利害关系的第三方机构.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-05-8",
        sources: &["N art.18"],
        stage: "PARTICIPATION → LEGALITY",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Opinions must be collected, summarised, studied, and reasonable ones adopted, then the draft is \
                     improved; an opinion register and a revised draft version must exist.",
        key_phrase_zh: "归纳整理、研究论证，充分采纳合理意见，完善决策草案",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-05-9",
        sources: &["SZ §二(三)", "SD-PP (draft wording; final text unverified)"],
        stage: "PUBLICATION",
        kinds: &[NOT],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Publish how opinions were collected and adopted, and why concentrated opinions were not adopted; at \
                     or after PUBLISHED a feedback notice is required.",
        key_phrase_zh: "向社会详细公开前期意见的收集、采纳情况以及较为集中意见不予采纳的原因",
        profiles: SD_ONLY,
    },
    // R-06 Hearings (听证)
    RuleEntry {
        id: "R-06-1",
        sources: &["N art.16 ¶1", "SD-PP"],
        stage: "HEARING",
        kinds: &[HG, REC],
        kind_note: Some("HG only when required by law; else REC"),
        unconfirmed: false,
        summary_en: "A hearing may be held when the item directly affects vital interests or there is major disagreement, \
                     and must be held where a law, regulation or rule requires one. Extra Shandong mandatory triggers in \
                     SD 336 are [U].",
        key_phrase_zh: "直接涉及公民、法人、其他组织切身利益或者存在较大分歧的，可以召开听证会。法律、法规、规章对召开听证会另有规定的，依照其规定",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-06-2",
        sources: &["N art.16 ¶2"],
        stage: "HEARING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Publish the draft, its explanation, and the hearing time and place in advance. The minimum lead time \
                     is not in the national text; Shandong's is [U] and configurable.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-06-3",
        sources: &["N art.16 ¶3"],
        stage: "HEARING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "If participants are selected, publish the selection method in advance, select fairly and openly with \
                     all sides represented, and publish the participant list in advance.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-06-4",
        sources: &["SD-PP"],
        stage: "HEARING",
        kinds: &[HGO],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Stakeholder representatives should generally be ≥ ½ of all participants (for legally-required \
                     hearings); otherwise a reason is recorded.",
        key_phrase_zh: "利害关系人代表一般不少于听证参加总人数的二分之一",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-06-5",
        sources: &["N art.16 ¶3"],
        stage: "HEARING",
        kinds: &[HG, DL],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Hearing materials must reach participants 7 days before the hearing.",
        key_phrase_zh: "听证会材料应当于召开听证会7日前送达听证参加人",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-06-6",
        sources: &["N art.17"],
        stage: "HEARING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The hearing is public, and participants confirm and sign the record; it cannot be finalised without \
                     each participant's signature. Handling a refusal to sign is [U].",
        key_phrase_zh: "听证参加人确认听证会记录并签字",
        profiles: BOTH,
    },
    // R-07 Expert review (专家论证)
    RuleEntry {
        id: "R-07-1",
        sources: &["N art.19 ¶1"],
        stage: "EXPERT",
        kinds: &[HG],
        kind_note: Some("when flagged"),
        unconfirmed: false,
        summary_en: "For items that are 专业性、技术性较强, experts or professional institutions must assess necessity, \
                     feasibility and soundness; deciding \"not technical\" needs a skip record.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-07-2",
        sources: &["N art.20"],
        stage: "EXPERT",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Methods: 论证会、书面咨询、委托咨询论证.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-07-3",
        sources: &["N art.20"],
        stage: "EXPERT",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Selection must be professional, representative and neutral, and experts with differing views should \
                     be included. Experts or institutions with a direct interest are excluded.",
        key_phrase_zh: "注重选择持不同意见的专家、专业机构，不得选择与决策事项有直接利害关系的专家、专业机构",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-07-4",
        sources: &["N art.19 ¶2"],
        stage: "EXPERT",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Experts work independently and keep secrets confidential; written opinions must be signed (署名) and \
                     sealed (盖章).",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-07-5",
        sources: &["N art.21"],
        stage: "EXPERT",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Provinces must have an expert pool, cities and counties may, and an organ without one may use the \
                     higher level's; `expert.source_pool` is recorded. Whether Jinan has its own pool is [U].",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-07-6",
        sources: &["N art.41"],
        stage: "EXPERT",
        kinds: &[HG],
        kind_note: Some("policy"),
        unconfirmed: false,
        summary_en: "Misconduct by experts or institutions leads to 通报批评、责令限期整改, and with serious consequences \
                     取消评估资格; disqualified experts cannot be selected.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-07-7",
        sources: &["[U]"],
        stage: "EXPERT",
        kinds: &[HG],
        kind_note: Some("kind not stated; configurable minimum"),
        unconfirmed: true,
        summary_en: "Minimum number of experts: not in the national text and not found for Shandong or Jinan; local \
                     practice elsewhere uses 3 or 5. Make it configurable.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    // R-08 Risk assessment (风险评估)
    RuleEntry {
        id: "R-08-1",
        sources: &["N art.22 ¶1"],
        stage: "RISK",
        kinds: &[HG],
        kind_note: Some("when flagged"),
        unconfirmed: false,
        summary_en: "If implementation may harm 社会稳定、公共安全 or similar, the sponsor must assess whether the draft's \
                     risk is controllable; a negative determination needs a skip record.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-08-2",
        sources: &["N art.22 ¶2"],
        stage: "RISK",
        kinds: &[REC],
        kind_note: Some("skip-with-reference"),
        unconfirmed: false,
        summary_en: "No duplicate assessment where one has already been done under other rules; such a skip must cite the \
                     existing assessment.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-08-3",
        sources: &["N art.23"],
        stage: "RISK",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The relevant departments must be heard, and the report must identify risk points, prevention measures \
                     and a contingency plan; a third party may be commissioned.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-08-4",
        sources: &["N art.24"],
        stage: "RISK → MEETING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The result is an important basis for the decision: 风险可控 allows a decision, 不可控 only after the \
                     draft is adjusted so the risk becomes controllable.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-08-5",
        sources: &["[U]"],
        stage: "RISK",
        kinds: &[HG, REC],
        kind_note: Some("kind not stated; from the suggested mapping"),
        unconfirmed: true,
        summary_en: "Three-tier grading (高/中/低) is local practice, not the national binary 可控/不可控. Suggested \
                     mapping: 高 ⇒ treat as 不可控 (HG); 中 ⇒ requires a `mitigation_plan` record; 低 ⇒ pass.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    // R-09 Fair competition review (公平竞争审查)
    RuleEntry {
        id: "R-09-1",
        sources: &["N art.29(1)", "FCR art.2"],
        stage: "FCR",
        kinds: &[HG],
        kind_note: Some("when flagged"),
        unconfirmed: false,
        summary_en: "If the draft 涉及市场主体经济活动, the meeting materials must include the fair-competition review.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-09-2",
        sources: &["FCR art.14"],
        stage: "FCR",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "For measures of a county-level-or-above government, the sponsor performs a first review (初审) and \
                     the 市场监督管理部门 reviews with it; the record needs both the 初审意见 and the department's conclusion.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-09-3",
        sources: &["FCR art.16"],
        stage: "FCR",
        kinds: &[HG],
        kind_note: Some("when flagged"),
        unconfirmed: false,
        summary_en: "The review must hear 经营者 and 行业协会商会 on competition effects, and the public where public \
                     interests are involved.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-09-4",
        sources: &["FCR arts 8–12, 17"],
        stage: "FCR",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The conclusion applies the standards in arts 8–11; an art.12 exception must be explained in detail, \
                     with no less-restrictive alternative and a reasonable implementation period or termination condition.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-09-5",
        sources: &["FCR art.18"],
        stage: "MEETING, PUBLICATION",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "A measure that has not passed fair competition review, or that violates arts 8–11 without an art.12 \
                     exception, may not be issued (不得出台).",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-09-6",
        sources: &["Seed 000/003 (钢城区)"],
        stage: "",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Local principles: 「谁制定、谁审查」「应审尽审」.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    // R-10 Legality review (合法性审查)
    RuleEntry {
        id: "R-10-1",
        sources: &["N art.25 ¶1", "JN art.4 ¶3"],
        stage: "LEGALITY",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The draft is reviewed by the department responsible for legality review (in Jinan the 司法行政部门) \
                     before the organ discusses it. The review cannot be replaced by soliciting opinions.",
        key_phrase_zh: "不得以征求意见等方式代替合法性审查",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-10-2",
        sources: &["N art.26 ¶1"],
        stage: "LEGALITY (submit)",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The submission must include the draft and related materials, including the legal basis and a \
                     statement of the statutory procedures performed.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-10-3",
        sources: &["N art.26 ¶1"],
        stage: "LEGALITY",
        kinds: &[HG],
        kind_note: Some("transition RETURN; role: JUSTICE_BUREAU"),
        unconfirmed: false,
        summary_en: "Materials that do not meet the requirements may be returned or supplements requested, and the return \
                     must list the missing items. Restarting the 7-working-day clock on resubmission is [U]; recommended.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-10-4",
        sources: &["N art.26 ¶2"],
        stage: "LEGALITY",
        kinds: &[HGO, DL],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The sponsor must allow the reviewer the time it needs, generally ≥ 7 working days; shorter requires an \
                     override reason acknowledged by the reviewer. Any longer Shandong or Jinan time limit is [U].",
        key_phrase_zh: "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-10-5",
        sources: &["N art.27"],
        stage: "LEGALITY",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The review covers statutory authority, statutory procedure, and whether the content complies with \
                     laws, regulations, rules and national policy; the opinion must give a verdict on each point.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-10-6",
        sources: &["N art.28"],
        stage: "LEGALITY",
        kinds: &[HG, REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The reviewer issues its opinion promptly and must have 法律顾问、公职律师 give legal opinions; the \
                     sponsor then adjusts or supplements the draft as needed.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-10-7",
        sources: &["N art.25 ¶2"],
        stage: "LEGALITY → MEETING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "A draft that is not reviewed, or is found unlawful, cannot go to the meeting.",
        key_phrase_zh: "决策草案未经合法性审查或者经审查不合法的，不得提交决策机关讨论",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-10-8",
        sources: &["N art.25 ¶2"],
        stage: "LEGALITY → MEETING",
        kinds: &[HGO],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Exploratory reform items with no clear national rule may go to the meeting with the legal risk stated \
                     explicitly.",
        key_phrase_zh: "对国家尚无明确规定的探索性改革决策事项，可以明示法律风险，提交决策机关讨论",
        profiles: BOTH,
    },
    // R-11 Collective discussion (常务会议 / 全体会议)
    RuleEntry {
        id: "R-11-1",
        sources: &["N art.29"],
        stage: "MEETING (agenda)",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The sponsor must submit the draft and related materials, the adoption of public and expert opinions \
                     and the risk report where those steps were done, the legality review opinion, and others such as \
                     the R-04-4 dispute statement and the R-10-8 risk statement.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-11-2",
        sources: &["N art.30 ¶1"],
        stage: "MEETING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The draft must be discussed at a 常务会议 or 全体会议, and the 行政首长 decides on the basis of that \
                     collective discussion. Acting-head rules are [U].",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-11-3",
        sources: &["N art.30 ¶2"],
        stage: "MEETING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Members speak fully; the head speaks last.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-11-4",
        sources: &["N art.30 ¶2"],
        stage: "MEETING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "If the head's intended decision differs from the majority of members, the head must state the reasons \
                     at the meeting.",
        key_phrase_zh: "行政首长拟作出的决定与会议组成人员多数人的意见不一致的，应当在会上说明理由",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-11-5",
        sources: &["N art.30 ¶3"],
        stage: "MEETING",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The discussion must be recorded truthfully, and dissent must be recorded truthfully; minutes become \
                     immutable after sign-off.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-11-6",
        sources: &["SZ §二(三) task 32", "SD-PP (draft)"],
        stage: "MEETING",
        kinds: &[REC, NOT],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Stakeholders, public representatives, experts and the media may attend the 常务会议, selection by open \
                     registration is encouraged, and what attendees said and what was adopted is published.",
        key_phrase_zh: "完善利益相关方、群众代表、专家、媒体等列席政府常务会议制度，鼓励通过公开报名遴选的方式确定列席代表，列席代表的意见发表和采纳情况要向社会公开",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-11-7",
        sources: &["[U] (local rule seen elsewhere: 同意、不同意、修改、暂缓、再次讨论)"],
        stage: "MEETING",
        kinds: &[REC],
        kind_note: Some("kind not stated; outcome set"),
        unconfirmed: true,
        summary_en: "Outcome set: APPROVE, APPROVE_WITH_AMENDMENTS, DEFER, RETURN_FOR_REWORK, REJECT. Routing back to \
                     legality review when amendments change legal substance is a recommended policy.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    // R-12 Report to the party committee (请示报告)
    RuleEntry {
        id: "R-12-1",
        sources: &["N art.31"],
        stage: "PARTY_REPORT",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Before issuance the decision must be reported to, and instructions sought from, the same-level party \
                     committee. The timing relative to the meeting follows party rules that are not public [U].",
        key_phrase_zh: "重大行政决策出台前应当按照规定向同级党委请示报告",
        profiles: BOTH,
    },
    // R-13 Publication and interpretation
    RuleEntry {
        id: "R-13-1",
        sources: &["N art.32"],
        stage: "PUBLICATION",
        kinds: &[HG, NOT],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Publish promptly through the government gazette, the government website, and newspapers circulating \
                     locally; PUBLISHED requires channel evidence.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-13-2",
        sources: &["OGI art.26 (derived; N art.32 says only 及时)"],
        stage: "PUBLICATION",
        kinds: &[DL],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Information subject to proactive disclosure is published within 20 working days of being formed or \
                     changed.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-13-3",
        sources: &["N art.32"],
        stage: "PUBLICATION",
        kinds: &[NOT, HG],
        kind_note: Some("HG when flagged"),
        unconfirmed: false,
        summary_en: "For decisions of wide public concern or high technicality, explain how public and expert opinions \
                     were adopted, and interpret the decision.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-13-4",
        sources: &["SZ §二(一)"],
        stage: "PUBLICATION",
        kinds: &[NOT],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Interpretation material is prepared, approved and released together with the document.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-13-5",
        sources: &["N art.32 「依法不予公开的除外」", "OGI arts 14–18"],
        stage: "PUBLICATION",
        kinds: &[HGO],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Publication exceptions follow OGI arts 14–16; `PUBLICATION_EXEMPT` requires the legal ground and an \
                     OGI art.17 review record, with periodic re-evaluation per art.18.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-13-6",
        sources: &["SZ / 市中 2021 page"],
        stage: "PUBLICATION",
        kinds: &[NOT],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The catalogue item page links to the 决策结果.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    // R-14 Process records and archiving (过程记录和材料归档)
    RuleEntry {
        id: "R-14-1",
        sources: &["N art.33"],
        stage: "all",
        kinds: &[REC, HG],
        kind_note: Some("HG at CLOSE"),
        unconfirmed: false,
        summary_en: "The organ must keep a process-record and archiving system, and each procedure's records and \
                     materials are archived promptly and completely; CLOSE requires the archive package to be complete.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-14-2",
        sources: &["SD-ARC (2023)"],
        stage: "",
        kinds: &[REC],
        kind_note: Some("kind not stated; [U content]"),
        unconfirmed: true,
        summary_en: "Shandong has a dedicated 《山东省重大行政决策档案管理办法》, but its text was not available; its \
                     deadlines and checklists need configurable parameters.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    // R-15 Execution, supervision, reporting
    RuleEntry {
        id: "R-15-1",
        sources: &["N art.34"],
        stage: "EXECUTION",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The organ designates the execution unit(s) and supervises execution; EXECUTING requires \
                     `execution_units[]`.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-15-2",
        sources: &["N art.34"],
        stage: "EXECUTION",
        kinds: &[REC, DL],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Execute 依法全面、及时、正确, and report on execution to the organ. Reporting frequency is [U], \
                     configurable.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-15-3",
        sources: &["N art.35 ¶1"],
        stage: "EXECUTION",
        kinds: &[REC],
        kind_note: Some("event"),
        unconfirmed: false,
        summary_en: "Report promptly when the decision has problems, circumstances change materially, or force majeure \
                     seriously affects the decision's goals.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-15-4",
        sources: &["N art.35 ¶2"],
        stage: "EXECUTION",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The public may send opinions by letter, phone or e-mail; log them, as their counts feed R-16-1.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-15-5",
        sources: &["SD-PP"],
        stage: "EXECUTION",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "During execution, the execution unit organises public participation (座谈会、实地走访、问卷调查).",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-15-6",
        sources: &["N art.40"],
        stage: "",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Refusing, shirking or delaying execution, or concealing, falsely reporting or omitting major \
                     problems, creates liability.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    // R-16 Post-decision evaluation (决策后评估)
    RuleEntry {
        id: "R-16-1",
        sources: &["N art.36 ¶1", "SD-PE"],
        stage: "POST_EVAL",
        kinds: &[HG],
        kind_note: Some("start"),
        unconfirmed: false,
        summary_en: "Evaluation is triggered by a material change of the decision's basis (SD-PE), a clear shortfall of \
                     effect, many public opinions, or the organ's view; starting one requires a trigger code and an organ \
                     decision naming the evaluation unit.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-16-2",
        sources: &["N art.36 ¶2", "SD-PE"],
        stage: "POST_EVAL",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The evaluation may be outsourced to a third party, except the unit that did the main pre-decision \
                     studies or assessments.",
        key_phrase_zh: "决策作出前承担主要论证评估工作的单位除外",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-16-3",
        sources: &["N art.36 ¶3", "SD-PE"],
        stage: "POST_EVAL",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Hear the public, and involve 人大代表、政协委员、人民团体、基层组织、社会组织; for enterprise-related \
                     decisions, hear representative enterprises and industry associations (SD-PE).",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-16-4",
        sources: &["SD-PE"],
        stage: "",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Execution units and departments must cooperate and must not interfere with the evaluation's \
                     independence.",
        key_phrase_zh: "",
        profiles: SD_ONLY,
    },
    RuleEntry {
        id: "R-16-5",
        sources: &["N art.36 ¶4", "SD-PE"],
        stage: "POST_EVAL → ADJUSTMENT",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "The result is an important basis for adjusting the decision, and the report ends with a \
                     recommendation (CONTINUE, ADJUST, SUSPEND, TERMINATE). SD-PE's details are [U].",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    // R-17 Suspension, adjustment, termination
    RuleEntry {
        id: "R-17-1",
        sources: &["N art.37"],
        stage: "EXECUTION",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "A lawfully made decision may not be changed or stopped arbitrarily without the statutory procedure; \
                     ADJUSTED or TERMINATED is reachable only through a new procedure cycle.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-17-2",
        sources: &["N art.37"],
        stage: "EXECUTION → SUSPENDED",
        kinds: &[HG],
        kind_note: Some("role"),
        unconfirmed: false,
        summary_en: "In an art.35 situation and urgency, the 行政首长 may first decide to suspend execution (中止执行). \
                     The time limit for follow-up is [U].",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-17-3",
        sources: &["N art.37"],
        stage: "ADJUSTMENT",
        kinds: &[HG],
        kind_note: None,
        unconfirmed: false,
        summary_en: "A major adjustment must go through the statutory procedures again, as a child procedure; the parent \
                     stays in force or suspended until the child is DECIDED, then becomes SUPERSEDED.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-17-4",
        sources: &["[U]"],
        stage: "TERMINATION",
        kinds: &[HG],
        kind_note: Some("kind not stated; as R-17-3"),
        unconfirmed: true,
        summary_en: "Termination (停止执行) is handled like an adjustment: legality review, meeting, party report and \
                     publication.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    // R-18 Responsibility (责任追究)
    RuleEntry {
        id: "R-18-1",
        sources: &["N art.38 ¶1"],
        stage: "",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Breaches lead the higher administrative organ to order correction, and the head, responsible leaders \
                     and directly responsible staff are held accountable.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-18-2",
        sources: &["N art.38 ¶2"],
        stage: "",
        kinds: &[REC, DL],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Serious decision errors, or 久拖不决 causing major loss, lead to 倒查责任，实行终身责任追究; the audit \
                     trail is kept without time limit, and an overdue timer on `planned_completion` supports the alert.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-18-3",
        sources: &["N art.38 ¶3"],
        stage: "",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Members who voiced dissent against a seriously mistaken decision get reduced or no liability; this \
                     depends on R-11-5 per-member stance records.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-18-4",
        sources: &["N art.39"],
        stage: "",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "Sponsors or other units that fail to perform procedures, neglect duties or falsify records are \
                     liable; artefacts carry integrity hashes and signatures.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-18-5",
        sources: &["N art.41"],
        stage: "",
        kinds: &[HG],
        kind_note: Some("policy; see R-07-6"),
        unconfirmed: false,
        summary_en: "See R-07-6: misconduct by experts or institutions is sanctioned, and disqualified experts cannot be \
                     selected.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
    RuleEntry {
        id: "R-18-6",
        sources: &["N art.9"],
        stage: "",
        kinds: &[REC],
        kind_note: None,
        unconfirmed: false,
        summary_en: "MAD performance is an important part of evaluating the organ and its leaders; the engine provides \
                     reporting exports.",
        key_phrase_zh: "",
        profiles: BOTH,
    },
];
