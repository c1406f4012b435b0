"""Live blogs, agency copy and custom CMS outlets.

"الحدث السوري" (live blogs: entries newest first, each with its time; the
last update printed above the first publication), "البوابة الإخبارية"
(agency copy: Reuters and AFP wires, a translator) and "مرآة المدن" and
"شبكة الفرات" (custom CMSs: ``div.subtitle``, ``p.dek``, follow calls,
newsletter boxes, ad labels in several wordings, social embeds, a video
player's texts, several authors beside an editor and a photographer).
"""

from __future__ import annotations

from typing import Any

from tools.modern_pages.common import jsonld, truth

HADATH = "https://alhadath-sy.example"
BAWABA = "https://bawaba-news.example"
MIRAT = "https://mirat-mudun.example"
FURAT = "https://furat-net.example"


def _hadath(title: str, head: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | الحدث السوري</title>
<meta property="og:site_name" content="الحدث السوري"><meta property="og:title" content="{title}">{head}</head>
<body><div class="page"><div class="hdr"><a class="brand" href="/">الحدث السوري</a><div class="ticker"><b>عاجل</b> <a href="/live">تابعوا تغطيتنا المباشرة</a></div>
<div class="menu-top"><a href="/">الرئيسية</a> <a href="/live">مباشر</a> <a href="/syria">سوريا</a> <a href="/world">العالم</a></div></div>
<div class="layout">{body}
<div class="col-side"><div class="box-title">الأكثر مشاهدة</div><a href="/v/1">فيديو: لحظة وصول القافلة إلى المعبر</a><a href="/v/2">جولة في أسواق دمشق قبل العيد</a></div></div>
<div class="ftr">الحدث السوري © 2026 جميع الحقوق محفوظة</div></div></body></html>"""


def _entry(time_iso: str, shown: str, paragraphs: list[str], kind: str = "post") -> str:
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<div class="live-{kind}" id="e-{time_iso[11:16].replace(":", "")}"><div class="live-{kind}__time"><time datetime="{time_iso}">{shown}</time></div>
<div class="live-{kind}__body">{text}</div><div class="live-{kind}__share"><a href="#">نسخ الرابط</a></div></div>"""


# --- L1: live blog, JSON-LD LiveBlogPosting with datePublished and dateModified, only the modified
# time in the meta tags, entries newest first with <time datetime>

L1_ENTRIES = [
    (
        "2026-03-08T18:40:00+03:00",
        "18:40",
        [
            "أعلن الهلال الأحمر أن القافلة الثالثة عبرت المعبر بعد الظهر محملة بالطحين والأدوية، وأن توزيعها سيبدأ صباح الغد في القرى الحدودية."
        ],
    ),
    (
        "2026-03-08T17:15:00+03:00",
        "17:15",
        [
            "قالت منظمة أطباء بلا حدود إن شحنة من الأدوية المزمنة ولقاحات الأطفال وصلت ضمن القافلة الثانية، وإنها ستوزع على المستوصفات في أعزاز ومارع خلال الأيام الثلاثة المقبلة.",
            "وأضافت المنظمة أن مخزون الأنسولين في المنطقة كان قد نفد تقريباً خلال أسبوع الإغلاق.",
        ],
    ),
    (
        "2026-03-08T15:10:00+03:00",
        "15:10",
        [
            "قال مسؤول في الإدارة المحلية إن أكثر من ألفي عائلة سجلت أسماءها للحصول على المساعدات منذ الصباح، وإن الفرق تعمل على التحقق من القوائم لتفادي التكرار.",
            "وأضاف أن الأولوية ستكون للعائلات التي فقدت منازلها في الفيضانات الأخيرة.",
        ],
    ),
    (
        "2026-03-08T12:30:00+03:00",
        "12:30",
        [
            "وصلت القافلة الثانية إلى نقطة التفتيش الأولى، فيما تنتظر شاحنات أخرى على الجانب التركي من الحدود بانتظار استكمال الإجراءات."
        ],
    ),
    (
        "2026-03-08T10:05:00+03:00",
        "10:05",
        [
            "أفاد مراسلنا بأن عشرات الأهالي تجمعوا منذ الصباح الباكر قرب المعبر أملاً في الحصول على مساعدات عاجلة، وسط إجراءات تنظيمية مشددة.",
        ],
    ),
    (
        "2026-03-08T08:00:00+03:00",
        "08:00",
        [
            "نبدأ تغطيتنا المباشرة لدخول قوافل المساعدات الإنسانية عبر معبر باب السلامة إلى ريف حلب الشمالي، بعد إغلاق استمر أسبوعاً كاملاً بسبب سوء الأحوال الجوية والفيضانات.",
            "ومن المتوقع أن تعبر ثلاث قوافل خلال اليوم، تضم أكثر من ستين شاحنة، وفق ما أعلنته الأمم المتحدة مساء أمس.",
        ],
    ),
]
L1_TITLE = "مباشر: دخول قوافل المساعدات عبر معبر باب السلامة"
L1_BODY = [p for _, _, ps in L1_ENTRIES for p in ps]
L1_HTML = _hadath(
    L1_TITLE,
    '<meta property="article:modified_time" content="2026-03-08T18:40:00+03:00">'
    + jsonld(
        {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "headline": L1_TITLE,
            "datePublished": "2026-03-08T08:00:00+03:00",
            "dateModified": "2026-03-08T18:40:00+03:00",
            "coverageStartTime": "2026-03-08T08:00:00+03:00",
            "coverageEndTime": "2026-03-08T23:59:00+03:00",
            "liveBlogUpdate": [
                {"@type": "BlogPosting", "headline": t[1], "datePublished": t[0], "articleBody": " ".join(t[2])}
                for t in L1_ENTRIES
            ],
        }
    ),
    f"""<div class="col-main"><div class="live-head"><span class="live-badge">مباشر</span>
<h1 class="live-title">{L1_TITLE}</h1>
<div class="live-updated">آخر تحديث: <time datetime="2026-03-08T18:40:00+03:00">8 آذار 2026 - 18:40</time></div></div>
<div class="live-feed">{"".join(_entry(*e) for e in L1_ENTRIES)}</div>
<a class="live-more" href="?page=2">تحميل المزيد من التحديثات</a></div>""",
)

# --- L2: live blog without structured dates: "آخر تحديث" printed before "نُشر في", entries with times

L2_ENTRIES = [
    (
        "16:05",
        [
            "انتهت جلسة المفاوضات الأولى دون بيان مشترك، وقال مصدر مطلع إن الوفدين اتفقا على استئناف المحادثات صباح الغد لبحث ملف المعتقلين."
        ],
    ),
    (
        "14:45",
        [
            "قال المتحدث باسم الخارجية الأردنية إن بلاده توفر التسهيلات اللازمة لإنجاح الجولة، وإن الأجواء وصفت بالإيجابية رغم الخلافات حول جدول الأعمال.",
            "وأضاف أن الجانبين تبادلا قوائم أولية بأسماء محتجزين، وأن فرقاً فنية ستعمل على مطابقتها خلال الليل.",
        ],
    ),
    (
        "13:30",
        [
            "نقلت وكالات عن دبلوماسي غربي قوله إن الوسطاء قدموا مسودة من خمس نقاط تتضمن وقفاً لإطلاق النار في محيط المدينة وفتح طريق للإمداد الإنساني."
        ],
    ),
    (
        "11:00",
        [
            "بدأت الجلسة الأولى خلف أبواب مغلقة بحضور ممثلين عن الأمم المتحدة، بينما تجمع صحفيون أمام الفندق بانتظار أي تصريحات.",
            "وكان الوفدان قد وصلا مساء أمس إلى العاصمة الأردنية وسط إجراءات أمنية مشددة.",
        ],
    ),
    (
        "07:15",
        [
            "صباح الخير، نتابع معكم في هذه الصفحة لحظة بلحظة انطلاق جولة المفاوضات الجديدة في عمّان، وما يصدر عن الوفود والوسطاء من تصريحات."
        ],
    ),
]
L2_TITLE = "لحظة بلحظة: انطلاق جولة مفاوضات جديدة في عمّان"
L2_BODY = [p for _, ps in L2_ENTRIES for p in ps]
L2_FEED = "".join(
    f'<section class="upd"><div class="upd-time">{shown}</div>{"".join(f"<p>{p}</p>" for p in ps)}</section>'
    for shown, ps in L2_ENTRIES
)
L2_HTML = _hadath(
    L2_TITLE,
    "",
    f"""<div class="col-main"><div class="live-head"><span class="live-badge">تغطية مستمرة</span>
<h1 class="live-title">{L2_TITLE}</h1>
<div class="stamps"><span class="stamp-upd">آخر تحديث: الخميس 19 شباط 2026 - 16:05</span><br>
<span class="stamp-pub">نُشر في: الخميس 19 شباط 2026 - 07:15</span></div></div>
<div class="live-feed">{L2_FEED}</div></div>""",
)


def _bawaba(title: str, head: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} - البوابة الإخبارية</title>
<meta property="og:site_name" content="البوابة الإخبارية">{head}</head>
<body><table class="outer" width="100%"><tr><td><div id="top"><img src="/img/logo.gif" alt="البوابة الإخبارية"><span id="clock">التوقيت: 12:00</span></div>
<div id="menu"><a href="/">الرئيسية</a> | <a href="/arab">عربي</a> | <a href="/intl">دولي</a> | <a href="/eco">اقتصاد</a></div></td></tr>
<tr><td>{body}</td></tr><tr><td><div id="copy">جميع الحقوق محفوظة للبوابة الإخبارية 2026</div></td></tr></table></body></html>"""


# --- D1: Reuters copy: author metadata is the agency, "المصدر: رويترز"

D1 = [
    "بيروت (رويترز) - قال مسؤولون في قطاع الطاقة إن لبنان وسوريا اتفقا على خطة لإعادة تشغيل خط الربط الكهربائي بين البلدين بحلول الصيف، بعد توقف دام أكثر من عامين بسبب أعطال في محطات التحويل.",
    "وأضاف المسؤولون أن الخطة تتضمن إصلاح المحطة الواقعة قرب الحدود وتبادل الطاقة في ساعات الذروة، على أن يُسدد لبنان ثمن الكهرباء المستوردة على دفعات شهرية.",
    "وتعاني سوريا ولبنان من نقص حاد في إنتاج الكهرباء، إذ لا تتجاوز ساعات التغذية في بعض المناطق أربع ساعات يومياً، ما يدفع السكان إلى الاعتماد على المولدات الخاصة.",
    "وقال مسؤول سوري طلب عدم نشر اسمه لأنه غير مخول بالحديث إلى وسائل الإعلام إن الاتفاق فني بالدرجة الأولى، وإن تنفيذه مرتبط بتأمين قطع غيار للمحولات.",
    "ولم يصدر تعليق رسمي بعد من وزارتي الطاقة في البلدين.",
    "وكانت سوريا تصدّر الكهرباء إلى لبنان قبل عام 2011 عبر خطين رئيسيين، وتوقف التبادل تدريجياً مع تضرر محطات التوليد وخطوط النقل خلال سنوات الحرب، قبل أن تُطرح مشاريع لنقل الكهرباء الأردنية عبر الأراضي السورية.",
]
D1_TITLE = "لبنان وسوريا يتفقان على إعادة تشغيل خط الربط الكهربائي"
D1_HTML = _bawaba(
    D1_TITLE,
    '<meta name="author" content="رويترز"><meta property="article:published_time" content="2026-02-03T14:22:00+02:00">'
    + jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": D1_TITLE,
            "datePublished": "2026-02-03T14:22:00+02:00",
            "author": {"@type": "Organization", "name": "رويترز"},
            "publisher": {"@type": "Organization", "name": "البوابة الإخبارية"},
        }
    ),
    f"""<div id="article"><div class="nhead"><h1>{D1_TITLE}</h1><div class="ninfo">المصدر: رويترز<br>تاريخ النشر: 03/02/2026</div></div>
<div class="ntext">{"".join(f"<p>{p}</p>" for p in D1)}</div>
<div class="nfoot">(إعداد إسلام عبد الرحمن للنشرة العربية - تحرير أحمد صبحي)</div>
<div class="nrel"><b>أخبار ذات صلة</b><br><a href="/n/771">الأردن يزود لبنان بالكهرباء عبر سوريا</a><br><a href="/n/772">تقنين الكهرباء في دمشق يصل إلى عشرين ساعة</a></div></div>""",
)

# --- D2: AFP copy translated in-house: "أ ف ب | ترجمة: ..." by the title, meta author = the agency,
# date written apart "2026-01-22 | 14:05" and no structured date

D2 = [
    "رحبت الأمم المتحدة الخميس بقرار فتح معبرين إضافيين لإدخال المساعدات الإنسانية إلى شمال غرب سوريا لمدة ستة أشهر، معتبرة أنه سيسمح بإيصال الإغاثة إلى مئات الآلاف من المحتاجين قبل نهاية الشتاء.",
    "وقال متحدث باسم مكتب تنسيق الشؤون الإنسانية في جنيف إن الشاحنات الأولى ستعبر خلال أيام، وإن المنظمة تعمل مع شركائها لتأمين مخزون يكفي ثلاثة أشهر من الغذاء والدواء.",
    "ويعيش أكثر من أربعة ملايين شخص في المنطقة، غالبيتهم نازحون، ويعتمد نحو تسعين في المئة منهم على المساعدات، بحسب تقديرات الأمم المتحدة.",
    "وطالبت منظمات غير حكومية بتمديد التفويض لمدة عام على الأقل، مشيرة إلى أن التجديد كل ستة أشهر يربك خطط التوريد ويرفع كلفة النقل والتخزين.",
    "وكانت المعابر الإضافية قد فُتحت لأول مرة بعد الزلزال المدمر الذي ضرب المنطقة في شباط 2023، وجرى تمديد العمل بها مرات عدة، وسط جدل مستمر بين الدول الأعضاء في مجلس الأمن حول آلية إدخال المساعدات عبر الحدود.",
]
D2_TITLE = "الأمم المتحدة ترحب بفتح معبرين إضافيين للمساعدات إلى شمال غرب سوريا"
D2_HTML = _bawaba(
    D2_TITLE,
    '<meta name="author" content="فرانس برس">',
    f"""<div id="article"><h1 class="ntitle">{D2_TITLE}</h1>
<div class="nmeta"><span class="src">أ ف ب</span> | <span class="tr">ترجمة: ريما الحسين</span> | <span class="dt">2026-01-22 | 14:05</span></div>
<div class="ntext">{"<br><br>".join(D2)}</div>
<div class="nrel"><b>اقرأ أيضاً</b><ul><li><a href="/n/650">مجلس الأمن يناقش آلية المساعدات عبر الحدود</a></li><li><a href="/n/651">الثلوج تغلق الطرق إلى مخيمات إدلب</a></li></ul></div></div>""",
)

# --- M1: custom CMS: div.subtitle, Facebook follow box, newsletter box, "Advertisement" and "اعلان" labels,
# an unlabelled box of three headline links inside the article, date "2025-12-07 | 21:40"

M1 = [
    "قررت نقابة الأطباء في حمص رفع الحد الأدنى لأجور المعاينة في العيادات الخاصة إلى خمسين ألف ليرة، في خطوة قالت إنها ضرورية لمواكبة ارتفاع كلفة التشغيل، بينما رأى مرضى أنها ستحرم الفقراء من العلاج.",
    "وقال نقيب الأطباء إن إيجارات العيادات وفواتير المولدات والمستهلكات الطبية تضاعفت خلال العام، وإن كثيراً من الأطباء الشباب أغلقوا عياداتهم أو هاجروا لأن الدخل لم يعد يغطي النفقات.",
    "في المقابل، قالت سيدة خمسينية تراجع طبيب القلب شهرياً إن المعاينة وحدها باتت تعادل ثلث راتب زوجها التقاعدي، عدا عن ثمن الأدوية والتحاليل، وإنها قد تكتفي بزيارة المستوصف الحكومي رغم طول الانتظار.",
    "ودعت جمعيات أهلية إلى تخصيص ساعات مجانية أسبوعياً في كل عيادة للمرضى غير القادرين، على غرار مبادرة أطلقها أطباء في حي الوعر العام الماضي ولاقت استحساناً واسعاً.",
    "وتعهدت النقابة بدراسة المقترح، مشيرة إلى أن القرار يستثني الحالات الإسعافية، وأن الأطباء ملزمون بتعليق لائحة الأجور في مكان ظاهر داخل العيادة.",
    "ويقدّر أطباء أن عدد العيادات الخاصة العاملة في حمص انخفض بنحو الربع خلال ثلاث سنوات، في حين تعاني المستشفيات العامة من نقص في الاختصاصيين وطوابير انتظار تمتد أسابيع للعمليات غير الإسعافية.",
]
M1_TITLE = "رفع أجور المعاينة الطبية في حمص يثير مخاوف المرضى"
M1_SUB = "النقابة تتحدث عن كلفة التشغيل وجمعيات تطالب بساعات مجانية"
M1_HTML = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{M1_TITLE} - مرآة المدن</title>
<meta property="og:title" content="{M1_TITLE}"><meta property="og:site_name" content="مرآة المدن"><meta name="description" content="{M1_SUB}"></head>
<body><div class="wrapper"><div class="masthead"><a href="/" class="site-logo">مرآة المدن</a><div class="lnk"><a href="/homs">حمص</a> <a href="/hama">حماة</a> <a href="/health">صحة</a></div></div>
<div class="leaderboard"><small>Advertisement</small><div class="slot" id="lb-1"></div></div>
<div class="story"><div class="story-top"><h1>{M1_TITLE}</h1><div class="subtitle">{M1_SUB}</div>
<div class="story-date">2025-12-07 | 21:40</div><div class="story-writer">مرآة المدن - حمص</div></div>
<div class="story-text"><p>{M1[0]}</p><p>{M1[1]}</p>
<div class="inline-links"><a href="/homs/2025/11/pharmacies">صيدليات حمص تشكو نقص أدوية الأمراض المزمنة</a><a href="/homs/2025/10/hospital">مستشفى الوليد يستأنف العمليات الجراحية</a><a href="/health/2025/12/insulin">أسعار الإنسولين ترتفع للمرة الثانية</a></div>
<p>{M1[2]}</p>
<div class="mid-slot"><span>اعلان</span><iframe src="https://ads.example/frame?slot=mid" width="300" height="250"></iframe></div>
<p>{M1[3]}</p><p>{M1[4]}</p><p>{M1[5]}</p></div>
<div class="follow-fb"><a href="https://www.facebook.com/miratmudun" target="_blank">تابعونا على فيسبوك</a> ليصلكم كل جديد</div>
<div class="nl-box"><div class="nl-title">نشرتنا البريدية</div><div class="nl-text">أهم أخبار المدن السورية في بريدك كل مساء</div><form class="nl-form"><input type="email"><button>اشتراك</button></form></div>
</div><div class="foot">جميع الحقوق محفوظة © مرآة المدن</div></div></body></html>"""

# --- M2: p.dek, three authors by the title and in JSON-LD, an editor and a photographer credited below

M2 = [
    "كشف تحقيق ميداني أجرته شبكة الفرات على مدى ثلاثة أشهر أن عشرات المدارس في ريف الرقة الشرقي تعمل بلا معلمين متخصصين في مواد الرياضيات والعلوم، وأن بعضها يعتمد على طلاب جامعيين متطوعين لتغطية الحصص.",
    "وزار فريق التحقيق اثنتين وعشرين مدرسة في بلدات الكرامة ومعدان والسبخة، ووثق صفوفاً يتجاوز عدد طلابها الستين، ومباني بلا نوافذ ولا مقاعد كافية، فيما يضطر الأطفال إلى الجلوس على الأرض في الصفوف الأولى.",
    "وقال مدير إحدى المدارس إن آخر تعيين لمعلمين جدد جرى قبل أربع سنوات، وإن الرواتب المنخفضة دفعت كثيرين إلى ترك المهنة والعمل في الزراعة أو السفر إلى المدن.",
    "وأظهرت البيانات التي حصل عليها الفريق أن نسبة التسرب من التعليم في المرحلة الإعدادية تجاوزت ثلاثين في المئة، وترتفع بين الفتيات بسبب الزواج المبكر وبعد المدارس عن القرى.",
    "ورداً على أسئلة الفريق، قالت لجنة التربية في المنطقة إنها أطلقت مسابقة لتعيين ثلاثمئة معلم، وإنها تعمل مع منظمات دولية على ترميم خمسين مدرسة قبل بداية العام الدراسي المقبل.",
    "غير أن معلمين قابلهم الفريق شككوا في قدرة المسابقة على سد النقص، ما لم ترتفع الرواتب وتُوفر وسائل نقل للمعلمين إلى القرى البعيدة.",
]
M2_TITLE = "مدارس بلا معلمين: تحقيق في واقع التعليم بريف الرقة الشرقي"
M2_DEK = "صفوف تضم ستين طالباً وتسرب يتجاوز الثلث في المرحلة الإعدادية"
M2_AUTHORS = ["أحمد الراعي", "سمر العبدالله", "فادي نصار"]
M2_HTML = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{M2_TITLE} | شبكة الفرات</title>
<meta property="og:site_name" content="شبكة الفرات">
{jsonld({"@context": "https://schema.org", "@type": "ReportageNewsArticle", "headline": M2_TITLE, "description": M2_DEK, "datePublished": "2026-05-02T08:00:00+03:00", "dateModified": "2026-05-03T10:30:00+03:00", "author": [{"@type": "Person", "name": n} for n in M2_AUTHORS], "editor": {"@type": "Person", "name": "نادين الشامي"}, "publisher": {"@type": "Organization", "name": "شبكة الفرات"}})}</head>
<body><div class="site"><div class="topline"><a href="/">شبكة الفرات</a> <a href="/investigations">تحقيقات</a> <a href="/raqqa">الرقة</a></div>
<main class="investigation"><header class="inv-head"><div class="kicker">تحقيقات</div><h1 class="inv-title">{M2_TITLE}</h1><p class="dek">{M2_DEK}</p>
<div class="inv-authors">إعداد: <a href="/people/ahmad-r">أحمد الراعي</a>، <a href="/people/samar-a">سمر العبدالله</a> و<a href="/people/fadi-n">فادي نصار</a></div>
<div class="inv-time">2 أيار 2026</div></header>
<div class="inv-cover"><img src="/img/school.jpg" alt=""><span class="inv-credit">تلاميذ في مدرسة ببلدة معدان - عدسة: حسين الخلف</span></div>
<div class="inv-body">{"".join(f"<p>{p}</p>" for p in M2)}</div>
<div class="inv-credits"><p>تحرير: نادين الشامي</p><p>تصوير: حسين الخلف</p><p>أُنجز هذا التحقيق بدعم من شبكة أريج للصحافة الاستقصائية</p></div>
<div class="inv-follow">تابعوا شبكة الفرات على <a href="https://t.me/furatnet">تلغرام</a> و<a href="https://x.com/furatnet">إكس</a></div></main>
<div class="foot">شبكة الفرات 2026</div></div></body></html>"""

# --- M3: social embeds of every kind (rendered X iframe, unrendered tweet, TikTok, Facebook iframe,
# YouTube in a video container), a player with ad texts, article sentences that mention an announcement

M3 = [
    "أعلنت هيئة الطيران المدني استئناف الرحلات التجارية بين مطار دمشق الدولي وعدد من العواصم الأوروبية اعتباراً من الشهر المقبل، في أول إعلان من نوعه منذ أكثر من عقد.",
    "وجاء الإعلان خلال مؤتمر صحفي في المطار، قال فيه رئيس الهيئة إن ثلاث شركات طيران أوروبية حصلت على الموافقات اللازمة، وإن الرحلات الأولى ستكون إلى برلين وأثينا وبوخارست.",
    "وتداول مستخدمون على منصات التواصل صوراً لطائرة تجريبية هبطت في المطار الأسبوع الماضي، فيما نشر مغتربون سوريون مقاطع مصورة عبّروا فيها عن فرحتهم بقرب العودة المباشرة من دون المرور بمطارات وسيطة.",
    "وأوضح رئيس الهيئة أن أعمال تأهيل صالات المسافرين وأنظمة الملاحة شارفت على الانتهاء، وأن المطار سيستقبل في المرحلة الأولى اثنتي عشرة رحلة أسبوعياً، مع خطة لمضاعفتها بحلول الصيف.",
    "ويرى خبراء في قطاع السياحة أن عودة الرحلات المباشرة ستخفض كلفة السفر على المغتربين بنسبة كبيرة، لكنهم نبهوا إلى أن أسعار التذاكر في الأشهر الأولى قد تبقى مرتفعة بسبب محدودية المقاعد.",
    "وكانت الرحلات بين دمشق والعواصم الأوروبية قد توقفت عام 2012 مع فرض عقوبات على شركات الطيران السورية، واضطر المسافرون منذ ذلك الحين إلى السفر عبر بيروت أو عمّان أو إسطنبول، بكلفة ووقت مضاعفين.",
]
M3_TITLE = "استئناف الرحلات بين دمشق وعواصم أوروبية الشهر المقبل"
M3_HTML = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{M3_TITLE} - مرآة المدن</title>
<meta property="og:title" content="{M3_TITLE}"><meta property="og:site_name" content="مرآة المدن">
<meta property="article:published_time" content="2026-04-27T13:00:00+03:00"></head>
<body><div class="wrapper"><div class="masthead"><a href="/" class="site-logo">مرآة المدن</a></div>
<div class="story"><div class="story-top"><h1>{M3_TITLE}</h1><div class="story-writer">بقلم: يوسف درويش</div><div class="story-date">2026-04-27 | 13:00</div></div>
<div class="story-text"><p>{M3[0]}</p>
<div class="vjs-wrap"><div class="vjs-ad-badge">إعلان</div><div class="vjs-skip">تخطي الإعلان</div><div class="vjs-controls"><span>Play</span><span>Mute</span><span>0:00</span><span>Fullscreen</span></div><div class="vjs-msg">Your browser does not support HTML5 video.</div></div>
<p>{M3[1]}</p>
<div class="twitter-tweet twitter-tweet-rendered" style="display:flex;max-width:550px;width:100%;"><iframe id="twitter-widget-0" scrolling="no" frameborder="0" allowtransparency="true" allowfullscreen="true" title="X Post" src="https://platform.twitter.com/embed/Tweet.html?id=1784"></iframe></div>
<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">أخيراً رحلة مباشرة دمشق برلين ✈️ بعد ١٣ سنة <a href="https://t.co/abc">https://t.co/abc</a></p>&mdash; مغترب سوري (@syr_abroad) <a href="https://twitter.com/syr_abroad/status/1785">April 27, 2026</a></blockquote>
<p>{M3[2]}</p>
<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@traveler/video/735" data-video-id="735"><section><a target="_blank" href="https://www.tiktok.com/@traveler">@traveler</a> لحظة هبوط الطائرة في مطار دمشق <a href="https://www.tiktok.com/music/original">♬ الصوت الأصلي - traveler</a></section></blockquote>
<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fsyrcaa%2Fposts%2F1" width="500" height="600" style="border:none;overflow:hidden" scrolling="no" frameborder="0"></iframe>
<p>{M3[3]}</p>
<div class="video-container"><iframe width="560" height="315" src="https://www.youtube.com/embed/zxcvb" title="YouTube video player" frameborder="0" allowfullscreen></iframe></div>
<p>{M3[4]}</p><p>{M3[5]}</p></div>
<div class="follow-fb">تابعونا على <a href="https://www.facebook.com/miratmudun">فيسبوك</a> و<a href="https://www.instagram.com/miratmudun">إنستغرام</a></div>
</div><div class="foot">جميع الحقوق محفوظة © مرآة المدن</div></div></body></html>"""

PAGES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "liveblog-jsonld",
        L1_HTML,
        truth(
            "liveblog-jsonld",
            f"{HADATH}/live/2026/03/bab-al-salama-convoys",
            "2026-03-08T20:00:00+00:00",
            title=L1_TITLE,
            subtitle=None,
            author=None,
            published_at="2026-03-08T08:00:00+03:00",
            body_paragraphs=L1_BODY,
            must_not_contain=["آخر تحديث", "نسخ الرابط", "تحميل المزيد", "الأكثر مشاهدة", "لحظة وصول القافلة"],
        ),
    ),
    (
        "liveblog-visible-stamps",
        L2_HTML,
        truth(
            "liveblog-visible-stamps",
            f"{HADATH}/live/2026/02/amman-talks",
            "2026-02-19T18:00:00+00:00",
            title=L2_TITLE,
            subtitle=None,
            author=None,
            published_at="2026-02-19T07:15:00+03:00",
            body_paragraphs=L2_BODY,
            must_not_contain=["آخر تحديث", "نُشر في", "تغطية مستمرة", "الأكثر مشاهدة"],
        ),
    ),
    (
        "agency-reuters",
        D1_HTML,
        truth(
            "agency-reuters",
            f"{BAWABA}/intl/2026/02/lebanon-syria-power-link",
            "2026-02-04T08:00:00+00:00",
            title=D1_TITLE,
            subtitle=None,
            author=None,
            published_at="2026-02-03T14:22:00+02:00",
            body_paragraphs=D1,
            must_not_contain=[
                "المصدر: رويترز",
                "تاريخ النشر",
                "إعداد إسلام",
                "تحرير أحمد صبحي",
                "أخبار ذات صلة",
                "الأردن يزود لبنان",
            ],
        ),
    ),
    (
        "agency-afp-translated",
        D2_HTML,
        truth(
            "agency-afp-translated",
            f"{BAWABA}/arab/2026/01/un-crossings",
            "2026-01-23T08:00:00+00:00",
            title=D2_TITLE,
            subtitle=None,
            author=None,
            published_at="2026-01-22T14:05:00+03:00",
            body_paragraphs=D2,
            must_not_contain=["ترجمة", "ريما الحسين", "اقرأ أيضاً", "مجلس الأمن يناقش", "الثلوج تغلق الطرق"],
        ),
    ),
    (
        "custom-subtitle-follow",
        M1_HTML,
        truth(
            "custom-subtitle-follow",
            f"{MIRAT}/homs/2025/12/clinic-fees",
            "2025-12-08T08:00:00+00:00",
            title=M1_TITLE,
            subtitle=M1_SUB,
            author=None,
            published_at="2025-12-07T21:40:00+03:00",
            body_paragraphs=M1,
            must_not_contain=[
                "Advertisement",
                "اعلان",
                "صيدليات حمص تشكو",
                "مستشفى الوليد",
                "أسعار الإنسولين",
                "تابعونا على فيسبوك",
                "ليصلكم كل جديد",
                "نشرتنا البريدية",
                "أهم أخبار المدن",
                M1_SUB,
            ],
        ),
    ),
    (
        "dek-three-authors",
        M2_HTML,
        truth(
            "dek-three-authors",
            f"{FURAT}/investigations/2026/05/raqqa-schools",
            "2026-05-04T08:00:00+00:00",
            title=M2_TITLE,
            subtitle=M2_DEK,
            author="أحمد الراعي، سمر العبدالله، فادي نصار",
            published_at="2026-05-02T08:00:00+03:00",
            body_paragraphs=M2,
            must_not_contain=[
                M2_DEK,
                "عدسة",
                "تلاميذ في مدرسة ببلدة معدان",
                "تحرير: نادين",
                "تصوير: حسين",
                "شبكة أريج",
                "تابعوا شبكة الفرات",
            ],
        ),
    ),
    (
        "social-embeds-player",
        M3_HTML,
        truth(
            "social-embeds-player",
            f"{MIRAT}/travel/2026/04/damascus-europe-flights",
            "2026-04-28T08:00:00+00:00",
            title=M3_TITLE,
            subtitle=None,
            author="يوسف درويش",
            published_at="2026-04-27T13:00:00+03:00",
            body_paragraphs=M3,
            must_not_contain=[
                "تخطي الإعلان",
                "Play",
                "Mute",
                "Fullscreen",
                "does not support",
                "أخيراً رحلة مباشرة",
                "syr_abroad",
                "traveler",
                "الصوت الأصلي",
                "تابعونا على",
                "إنستغرام",
            ],
        ),
    ),
]
