//! The State Council's yearly holiday arrangements (部分节假日安排) for 2022–2026, as data.
//!
//! One [`YearNotice`] per 《国务院办公厅关于YYYY年部分节假日安排的通知》: its title, document number
//! (文号), publication date and gov.cn address, and its holiday blocks exactly as the notice words
//! them — the days off (放假, including the weekdays swapped in) and the make-up working days
//! (调休上班). [`crate::calendar`] derives every working-day computation from this table and nothing
//! else, so a yearly update is a diff of data only.
//!
//! # Sources
//!
//! - The dates of every block were read from the notice texts: 2022 (国办发明电〔2021〕11号, as
//!   republished on beijing.gov.cn and in 人民日报 2021-10-26), 2023 (国办发明电〔2022〕16号, as in the
//!   国务院公报 2023年第1号 on Wikisource and on mee.gov.cn), 2024 (国办发明电〔2023〕7号, as in the
//!   国务院公报 2023年第31号 and in 人民日报 2023-10-26), 2025 (国办发明电〔2024〕12号, as
//!   republished by 新华网/光明网 2024-11-12) and 2026 (as republished by 新华社/光明网
//!   2025-11-04). 2025 and 2026 agree with `procedure-rules.md` §3.2.
//! - The gov.cn addresses are the ones the muhac/chinese-holidays-calendar dataset cites per year
//!   (for 2025 and 2026 also `procedure-rules.md` §3.2). They were not fetched from gov.cn itself.
//! - The 2026 文号 (国办发明电〔2025〕7号) is not printed in the 新华社 republication; it comes from
//!   secondary sources only (a forum repost of the text via 人社通, and several independent projects
//!   that cite it with a gov.cn 国务院公报 PDF). It is recorded because those sources agree, but it
//!   is the least directly checked field in the table.
//!
//! # Cross-check (repeatable)
//!
//! Every date from 2022-01-01 to 2026-12-31 was compared with the independent Python package
//! `chinesecalendar` 1.11.0 (PyPI, github.com/LKI/chinese-calendar; its data runs to 2026-10-07):
//!
//! ```text
//! python3 -m venv /tmp/ccvenv && /tmp/ccvenv/bin/pip install chinesecalendar==1.11.0
//! # a throwaway binary outside the repository, depending on juece-core by path, prints
//! # is_working_day(d) for every d in 2022-01-01..=2026-12-31; a Python script then checks
//! # chinese_calendar.is_workday(d) == is_working_day(d) for each d.
//! ```
//!
//! Result (table version 1): 0 mismatches on the 1819 dates 2022-01-01..=2026-12-24. The 7 dates
//! 2026-12-25..=31 are not compared: [`crate::calendar::is_working_day`] deliberately answers
//! `Err(OutsideCalendar { year: 2027 })` for them, because the 2027 notice, not yet loaded, may still
//! move days in the last week of 2026 (see [`crate::calendar`]). The regression tests in
//! `tests/working_days.rs` pin the worked examples and the table's structure.
//!
//! # Reading the table
//!
//! - A block lists the days the notice says are off, first to last. Where a notice says only
//!   「1月1日放假，与周末连休」 (2024 元旦, 2024 端午) the block is that one day: the adjoining weekend is a
//!   weekend anyway and changes no working-day computation.
//! - A notice's 元旦 block may begin in the previous December (2023: 2022-12-31 to 2023-01-02), and
//!   in past years notices have also put make-up days there (2007, 2008, 2019). Such dates stay in
//!   the notice that announced them; the calendar consults the next year's notice for the last week
//!   of December.
//! - A later notice can amend a year already loaded (in 2019 the 劳动节 arrangement was changed in
//!   March; in 2020 the 春节 break was extended for the epidemic). Such an amendment changes the
//!   row for that year and bumps [`CALENDAR_VERSION`].

use chrono::NaiveDate;

/// Bumped whenever any row of [`YEARS`] changes, so that a recorded deadline can say which table
/// it was computed with and an audit can reproduce it.
pub const CALENDAR_VERSION: u32 = 1;

/// One yearly notice of the State Council General Office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearNotice {
    /// The year the notice arranges (its title year).
    pub year: i32,
    /// 《国务院办公厅关于YYYY年部分节假日安排的通知》, without the book-title marks.
    pub title: &'static str,
    /// The document number (文号), e.g. `国办发明电〔2024〕12号`; `None` where it could not be
    /// established.
    pub document_number: Option<&'static str>,
    /// The date the notice was issued (成文日期).
    pub issued: NaiveDate,
    /// The notice on www.gov.cn; `None` where it could not be established.
    pub url: Option<&'static str>,
    /// The holiday blocks, in the notice's order.
    pub blocks: &'static [HolidayBlock],
}

impl YearNotice {
    /// Every day off the notice announces, block by block.
    pub fn days_off(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.blocks.iter().flat_map(HolidayBlock::days_off)
    }

    /// Every make-up working day (调休上班) the notice announces.
    pub fn makeup_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.blocks.iter().flat_map(|b| b.makeup.iter().copied())
    }
}

/// One numbered paragraph of a notice: a run of days off and the weekend days worked in exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolidayBlock {
    /// The holiday as the notice names it (`春节`, `中秋节、国庆节`).
    pub name: &'static str,
    /// The first day off.
    pub first: NaiveDate,
    /// The last day off (inclusive).
    pub last: NaiveDate,
    /// Saturdays and Sundays that are working days (调休上班), in the notice's order.
    pub makeup: &'static [NaiveDate],
}

impl HolidayBlock {
    /// Every day from `first` to `last`, both included.
    pub fn days_off(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(move |d| *d <= self.last)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }
}

/// A date in the table. `const`, so a date that does not exist (say 2 月 30 日) stops the build
/// instead of surfacing at run time.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("calendar_data: no such date"),
    }
}

const fn block(name: &'static str, first: NaiveDate, last: NaiveDate, makeup: &'static [NaiveDate]) -> HolidayBlock {
    HolidayBlock { name, first, last, makeup }
}

/// The loaded notices, one per year, in ascending order of year.
pub const YEARS: &[YearNotice] = &[
    YearNotice {
        year: 2022,
        title: "国务院办公厅关于2022年部分节假日安排的通知",
        document_number: Some("国办发明电〔2021〕11号"),
        issued: ymd(2021, 10, 25),
        url: Some("http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm"),
        blocks: &[
            // 一、元旦：2022年1月1日至3日放假，共3天。
            block("元旦", ymd(2022, 1, 1), ymd(2022, 1, 3), &[]),
            // 二、春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。
            block("春节", ymd(2022, 1, 31), ymd(2022, 2, 6), &[ymd(2022, 1, 29), ymd(2022, 1, 30)]),
            // 三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。
            block("清明节", ymd(2022, 4, 3), ymd(2022, 4, 5), &[ymd(2022, 4, 2)]),
            // 四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
            block("劳动节", ymd(2022, 4, 30), ymd(2022, 5, 4), &[ymd(2022, 4, 24), ymd(2022, 5, 7)]),
            // 五、端午节：6月3日至5日放假，共3天。
            block("端午节", ymd(2022, 6, 3), ymd(2022, 6, 5), &[]),
            // 六、中秋节：9月10日至12日放假，共3天。
            block("中秋节", ymd(2022, 9, 10), ymd(2022, 9, 12), &[]),
            // 七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。
            block("国庆节", ymd(2022, 10, 1), ymd(2022, 10, 7), &[ymd(2022, 10, 8), ymd(2022, 10, 9)]),
        ],
    },
    YearNotice {
        year: 2023,
        title: "国务院办公厅关于2023年部分节假日安排的通知",
        document_number: Some("国办发明电〔2022〕16号"),
        issued: ymd(2022, 12, 8),
        url: Some("http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm"),
        blocks: &[
            // 一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
            block("元旦", ymd(2022, 12, 31), ymd(2023, 1, 2), &[]),
            // 二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
            block("春节", ymd(2023, 1, 21), ymd(2023, 1, 27), &[ymd(2023, 1, 28), ymd(2023, 1, 29)]),
            // 三、清明节：4月5日放假，共1天。
            block("清明节", ymd(2023, 4, 5), ymd(2023, 4, 5), &[]),
            // 四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
            block("劳动节", ymd(2023, 4, 29), ymd(2023, 5, 3), &[ymd(2023, 4, 23), ymd(2023, 5, 6)]),
            // 五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
            block("端午节", ymd(2023, 6, 22), ymd(2023, 6, 24), &[ymd(2023, 6, 25)]),
            // 六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
            block("中秋节、国庆节", ymd(2023, 9, 29), ymd(2023, 10, 6), &[ymd(2023, 10, 7), ymd(2023, 10, 8)]),
        ],
    },
    YearNotice {
        year: 2024,
        title: "国务院办公厅关于2024年部分节假日安排的通知",
        document_number: Some("国办发明电〔2023〕7号"),
        issued: ymd(2023, 10, 25),
        url: Some("https://www.gov.cn/zhengce/content/202310/content_6911527.htm"),
        blocks: &[
            // 一、元旦：1月1日放假，与周末连休。
            block("元旦", ymd(2024, 1, 1), ymd(2024, 1, 1), &[]),
            // 二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
            block("春节", ymd(2024, 2, 10), ymd(2024, 2, 17), &[ymd(2024, 2, 4), ymd(2024, 2, 18)]),
            // 三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
            block("清明节", ymd(2024, 4, 4), ymd(2024, 4, 6), &[ymd(2024, 4, 7)]),
            // 四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
            block("劳动节", ymd(2024, 5, 1), ymd(2024, 5, 5), &[ymd(2024, 4, 28), ymd(2024, 5, 11)]),
            // 五、端午节：6月10日放假，与周末连休。
            block("端午节", ymd(2024, 6, 10), ymd(2024, 6, 10), &[]),
            // 六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
            block("中秋节", ymd(2024, 9, 15), ymd(2024, 9, 17), &[ymd(2024, 9, 14)]),
            // 七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
            block("国庆节", ymd(2024, 10, 1), ymd(2024, 10, 7), &[ymd(2024, 9, 29), ymd(2024, 10, 12)]),
        ],
    },
    YearNotice {
        year: 2025,
        title: "国务院办公厅关于2025年部分节假日安排的通知",
        document_number: Some("国办发明电〔2024〕12号"),
        issued: ymd(2024, 11, 12),
        url: Some("https://www.gov.cn/zhengce/content/202411/content_6986382.htm"),
        blocks: &[
            // 一、元旦：1月1日（周三）放假1天，不调休。
            block("元旦", ymd(2025, 1, 1), ymd(2025, 1, 1), &[]),
            // 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
            //   1月26日（周日）、2月8日（周六）上班。
            block("春节", ymd(2025, 1, 28), ymd(2025, 2, 4), &[ymd(2025, 1, 26), ymd(2025, 2, 8)]),
            // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
            block("清明节", ymd(2025, 4, 4), ymd(2025, 4, 6), &[]),
            // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
            block("劳动节", ymd(2025, 5, 1), ymd(2025, 5, 5), &[ymd(2025, 4, 27)]),
            // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
            block("端午节", ymd(2025, 5, 31), ymd(2025, 6, 2), &[]),
            // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。
            //   9月28日（周日）、10月11日（周六）上班。
            block("国庆节、中秋节", ymd(2025, 10, 1), ymd(2025, 10, 8), &[ymd(2025, 9, 28), ymd(2025, 10, 11)]),
        ],
    },
    YearNotice {
        year: 2026,
        title: "国务院办公厅关于2026年部分节假日安排的通知",
        document_number: Some("国办发明电〔2025〕7号"),
        issued: ymd(2025, 11, 4),
        url: Some("https://www.gov.cn/zhengce/content/202511/content_7047090.htm"),
        blocks: &[
            // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
            block("元旦", ymd(2026, 1, 1), ymd(2026, 1, 3), &[ymd(2026, 1, 4)]),
            // 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
            //   2月14日（周六）、2月28日（周六）上班。
            block("春节", ymd(2026, 2, 15), ymd(2026, 2, 23), &[ymd(2026, 2, 14), ymd(2026, 2, 28)]),
            // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
            block("清明节", ymd(2026, 4, 4), ymd(2026, 4, 6), &[]),
            // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
            block("劳动节", ymd(2026, 5, 1), ymd(2026, 5, 5), &[ymd(2026, 5, 9)]),
            // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
            block("端午节", ymd(2026, 6, 19), ymd(2026, 6, 21), &[]),
            // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
            block("中秋节", ymd(2026, 9, 25), ymd(2026, 9, 27), &[]),
            // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
            block("国庆节", ymd(2026, 10, 1), ymd(2026, 10, 7), &[ymd(2026, 9, 20), ymd(2026, 10, 10)]),
        ],
    },
];
