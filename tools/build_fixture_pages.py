"""Write the labelled Arabic fixture pages in tests/fixtures/pages (and truth.json).

    .venv/bin/python -m tools.build_fixture_pages

Importing the module writes nothing: ``PAGES`` holds every file, ``build()``
writes them.

The pages were written for this project (the stories are invented) to cover
what real Syrian outlets do: JSON-LD @graph, OpenGraph only, visible Levantine
dates with Arabic-Indic digits, "منذ ساعتين", windows-1256 and mislabelled
charsets, bylines, breadcrumbs, embedded tweets, captions, the teaser and the
"اقرأ أيضاً"/"الأكثر قراءة"/"مواضيع ذات صلة" blocks. ``crawler.evaluate`` and
tests/test_extract*.py score the extractor against truth.json.
"""

import json
from datetime import date
from pathlib import Path

from tools.synthetic import templates as t

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"
PAGES: dict[str, bytes] = {}  # file name -> bytes, as written
truth = {}

TODAY = t.arabic_day(date(2026, 11, 25))  # the header's "today": never a publication date
NAV = """<header class="site-header"><div class="top-bar"><span class="today">{today}</span>
<a href="/ar/login">تسجيل الدخول</a></div><div class="logo"><a href="/"><img src="/logo.png" alt="{site}"></a></div>
<nav class="main-nav"><ul><li><a href="/">الرئيسية</a></li><li><a href="/syria">سوريا</a></li><li><a href="/economy">اقتصاد</a></li>
<li><a href="/sport">رياضة</a></li><li><a href="/opinion">آراء</a></li></ul></nav></header>"""
FOOT = """<footer class="site-footer"><ul><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li>
<li><a href="/privacy">سياسة الخصوصية</a></li></ul><p>جميع الحقوق محفوظة © {site} 2026</p></footer>
{analytics}"""
MOST_READ = """<aside class="widget"><h3 class="widget-title">الأكثر قراءة</h3><ol>
<li><a href="/a/1">ارتفاع أسعار المحروقات في دمشق للمرة الثالثة هذا العام</a></li>
<li><a href="/a/2">افتتاح معبر حدودي جديد مع الأردن أمام حركة الشاحنات</a></li>
<li><a href="/a/3">منتخب سوريا يتأهل إلى الدور الثاني من التصفيات</a></li></ol></aside>"""


def page(name, head, body, site, lang="ar"):
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="rtl">
<head>
{head}
<link rel="stylesheet" href="/static/main.css">
</head>
<body class="single single-post post-template-default">
{NAV.format(site=site, today=TODAY)}
<div class="container">
{body}
{MOST_READ}
</div>
{FOOT.format(site=site, analytics=t.ANALYTICS_SCRIPT)}
</body>
</html>
"""


def add(name, html, labels, encoding="utf-8", **extra):
    PAGES[f"{name}.html"] = html.encode(encoding)
    truth[name] = {"file": f"{name}.html", **extra, **labels}


# 1. JSON-LD @graph, breadcrumbs, "اقرأ أيضاً" inline, "مواضيع ذات صلة" block, share bar
P1 = [
    "أعلنت مديرية الموارد المائية في حلب، يوم الإثنين، إعادة تشغيل محطة ضخ سليمان الحلبي بعد توقف دام أكثر من أسبوعين بسبب أعطال في المولدات الرئيسية.",
    "وقال مدير المحطة المهندس وليد قاسم إن فرق الصيانة عملت على مدار الساعة لاستبدال القطع التالفة، مشيراً إلى أن الضخ سيعود تدريجياً إلى الأحياء الشرقية خلال ثمانٍ وأربعين ساعة.",
    "وعانى سكان أحياء الشعار والصاخور والميسر من انقطاع شبه كامل للمياه، ما اضطرهم إلى شراء المياه من الصهاريج الخاصة بأسعار تجاوزت عشرين ألف ليرة للخزان الواحد.",
    "وأضاف قاسم أن المديرية تنتظر وصول محولات كهربائية جديدة لضمان استقرار الضخ في فصل الصيف، حين يرتفع الطلب على المياه إلى أعلى مستوياته.",
]
jsonld1 = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "Organization", "@id": "https://halab-today.example/#org", "name": "حلب اليوم"},
        {"@type": "WebPage", "@id": "https://halab-today.example/news/2026/03/water-station", "name": "عودة الضخ"},
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "الرئيسية"},
                {"@type": "ListItem", "position": 2, "name": "خدمات"},
            ],
        },
        {
            "@type": "NewsArticle",
            "headline": "عودة الضخ إلى محطة سليمان الحلبي بعد أسبوعين من التوقف",
            "datePublished": "2026-03-16T09:40:00+03:00",
            "dateModified": "2026-03-17T11:00:00+03:00",
            "author": {"@type": "Person", "name": "ريم الأحمد"},
            "articleSection": "خدمات",
            "keywords": ["حلب", "المياه"],
            "publisher": {"@id": "https://halab-today.example/#org"},
        },
    ],
}
body1 = f"""{t.breadcrumbs([("الرئيسية", "/"), ("خدمات", "/services")], "عودة الضخ إلى محطة سليمان الحلبي")}
<article class="post">
<h1 class="entry-title">عودة الضخ إلى محطة سليمان الحلبي بعد أسبوعين من التوقف</h1>
<div class="post-meta"><span class="author">ريم الأحمد</span> <span class="date">16 آذار 2026</span></div>
<div class="share-buttons"><span>شارك</span> <a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<div class="entry-content">
<p>{P1[0]}</p>
<p>{P1[1]}</p>
{t.read_also("/news/2026/02/electricity", "تقنين الكهرباء في حلب يصل إلى عشرين ساعة يومياً")}
<p>{P1[2]}</p>
<p>{P1[3]}</p>
</div>
<div class="related-posts"><h3>مواضيع ذات صلة</h3><ul>
<li><a href="/n/11">مياه الشرب تعود إلى ريف حلب الشمالي</a></li>
<li><a href="/n/12">صهاريج المياه تضاعف أسعارها في حلب</a></li></ul></div>
</article>"""
head1 = f"""<meta charset="utf-8"><title>عودة الضخ إلى محطة سليمان الحلبي بعد أسبوعين من التوقف | حلب اليوم</title>
<meta property="og:site_name" content="حلب اليوم">
<meta property="og:title" content="عودة الضخ إلى محطة سليمان الحلبي بعد أسبوعين من التوقف">
{t.jsonld(jsonld1)}"""
add(
    "jsonld-graph",
    page("jsonld-graph", head1, body1, "حلب اليوم"),
    {
        "url": "https://halab-today.example/news/2026/03/water-station",
        "fetched_at": "2026-03-18T08:00:00+00:00",
        "title": "عودة الضخ إلى محطة سليمان الحلبي بعد أسبوعين من التوقف",
        "subtitle": None,
        "author": "ريم الأحمد",
        "section": "خدمات",
        "published_at": "2026-03-16T09:40:00+03:00",
        "body_paragraphs": P1,
        "must_not_contain": [
            "اقرأ أيضاً",
            "تقنين الكهرباء",
            "مواضيع ذات صلة",
            "صهاريج المياه تضاعف",
            "الأكثر قراءة",
            "شارك",
            "جميع الحقوق",
        ],
    },
)

# 2. OpenGraph only, byline "بقلم", embedded tweet, image caption, modified date must not win
P2 = [
    "شهدت مدينة اللاذقية خلال الأيام الماضية إقبالاً لافتاً على معرض الكتاب السنوي الذي تنظمه مديرية الثقافة في صالة الأسد الرياضية بمشاركة أكثر من ستين دار نشر.",
    "وقالت إدارة المعرض إن عدد الزوار تجاوز خمسة عشر ألف زائر في الأيام الثلاثة الأولى، معظمهم من طلاب الجامعات الذين استفادوا من حسم خاص بلغ أربعين في المئة.",
    "وتصدرت كتب الرواية والتاريخ قائمة المبيعات، فيما شكا ناشرون من ارتفاع تكاليف الطباعة والورق التي انعكست على أسعار الكتب.",
    "ويستمر المعرض حتى نهاية الشهر الجاري، مع برنامج يومي من الندوات والأمسيات الشعرية وتوقيع الكتب.",
]
body2 = f"""<main id="content"><article>
<h1>إقبال واسع على معرض الكتاب في اللاذقية</h1>
<p class="byline">بقلم: عمر الخطيب</p>
<figure class="wp-block-image"><img src="/img/book-fair.jpg" alt=""><figcaption>زوار في معرض الكتاب باللاذقية - تصوير: سانا</figcaption></figure>
<div class="article-body">
<p>{P2[0]}</p>
<p>{P2[1]}</p>
<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">زحمة كبيرة اليوم بمعرض الكتاب باللاذقية 📚 <a href="https://t.co/x">pic.twitter.com/x</a></p>&mdash; حساب قارئ (@reader) <a href="https://twitter.com/reader/status/1">March 3, 2026</a></blockquote>
<p>{P2[2]}</p>
<p>{P2[3]}</p>
</div>
<div class="tags"><span>وسوم</span> <a href="/tag/books">كتب</a> <a href="/tag/lattakia">اللاذقية</a></div>
</article></main>"""
head2 = """<meta charset="utf-8"><title>إقبال واسع على معرض الكتاب في اللاذقية - الساحل نيوز</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="الساحل نيوز">
<meta property="og:title" content="إقبال واسع على معرض الكتاب في اللاذقية">
<meta property="article:modified_time" content="2026-03-05T10:00:00+02:00">
<meta property="article:published_time" content="2026-03-03T18:20:00+02:00">
<meta property="article:section" content="ثقافة">"""
add(
    "opengraph-only",
    page("opengraph-only", head2, body2, "الساحل نيوز"),
    {
        "url": "https://sahel-news.example/culture/book-fair-lattakia",
        "fetched_at": "2026-03-06T08:00:00+00:00",
        "title": "إقبال واسع على معرض الكتاب في اللاذقية",
        "subtitle": None,
        "author": "عمر الخطيب",
        "section": "ثقافة",
        "published_at": "2026-03-03T18:20:00+02:00",
        "body_paragraphs": P2,
        "must_not_contain": ["زحمة كبيرة اليوم", "تصوير: سانا", "بقلم", "وسوم", "الأكثر قراءة"],
    },
)

# 3. Visible Levantine date "نيسان / أبريل", Arabic-Indic digits, م, byline "كتب:", teaser, subtitle, breadcrumbs
P3 = [
    "بدأ مزارعو سهل الغاب في ريف حماة الغربي حصاد محصول القمح قبل موعده المعتاد بأسبوعين، بسبب موجة الحر التي ضربت المنطقة منذ مطلع الشهر.",
    "وقال رئيس الجمعية الفلاحية في قرية قلعة المضيق إن المردود هذا العام أقل من المتوقع، إذ لم يتجاوز ثلاثة أطنان في الهكتار الواحد مقارنة بأربعة أطنان في العام الماضي.",
    "وطالب المزارعون بتأمين الحصادات والمحروقات بأسعار مدعومة، مؤكدين أن تكاليف الحصاد ارتفعت بنسبة تزيد على خمسين في المئة.",
    "من جهتها، أعلنت المؤسسة السورية للحبوب افتتاح ثلاثة مراكز جديدة لاستلام المحصول في المنطقة، وتحديد سعر الكيلوغرام الواحد بما يتناسب مع التكاليف.",
]
body3 = f"""<div class="breadcrumb"><ul><li><a href="/">الرئيسية</a></li><li><a href="/local">محليات</a></li><li><a href="/local/hama">حماة</a></li></ul></div>
<div class="main-column">
<p class="excerpt">{P3[0][:70]}...</p>
<div class="news-details">
<h1 class="news-title">موجة الحر تبكّر حصاد القمح في سهل الغاب</h1>
<h2 class="news-subtitle">المزارعون يطالبون بمحروقات مدعومة ومراكز استلام أقرب</h2>
<div class="news-info"><span class="writer">كتب: ماهر الحموي</span> | <span class="news-date">الخميس ١٦ نيسان / أبريل ٢٠٢٦ - ٠٣:١٥ م</span></div>
<div class="news-text">
<p>{P3[0]}</p>
<p>{P3[1]}</p>
<p>{P3[2]}</p>
<p>{P3[3]}</p>
</div>
<div class="share-box"><span>شارك الخبر</span><a href="#">فيسبوك</a><a href="#">تلغرام</a></div>
</div>
</div>"""
head3 = """<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>موجة الحر تبكّر حصاد القمح في سهل الغاب :: العاصي نت</title>"""
add(
    "levantine-visible-date",
    page("levantine-visible-date", head3, body3, "العاصي نت"),
    {
        "url": "https://alassi.example/local/hama/2026/wheat",
        "fetched_at": "2026-04-20T08:00:00+00:00",
        "title": "موجة الحر تبكّر حصاد القمح في سهل الغاب",
        "subtitle": "المزارعون يطالبون بمحروقات مدعومة ومراكز استلام أقرب",
        "author": "ماهر الحموي",
        "section": "حماة",
        "published_at": "2026-04-16T15:15:00+03:00",
        "body_paragraphs": P3,
        "must_not_contain": ["شارك الخبر", "الأكثر قراءة", "كتب:"],
    },
)

# 4. Relative date "منذ ساعتين", byline "إعداد:", "أقسام" block, tatweel and bidi marks in text
P4 = [
    "أعلنت وزارة التربية صدور نتائج امتحانات الشهادة الثانوية بفرعيها العلمي والأدبي، وبلغت نسبة النجاح في الفرع العلمي اثنين وسبعين في المئة.",
    "وأوضحت الوزارة أن الطلاب يمكنهم الاطلاع على النتائج عبر الموقع الرسمي أو من خلال رسالة نصية، وأن باب الاعتراض على النتائج يبقى مفتوحاً مدة أسبوع.",
    "وحلّت محافظة طرطوس في المرتبة الأولى من حيث نسبة النجاح، تلتها محافظتا السويداء واللاذقية، فيما سجلت محافظة دير الزور أدنى نسبة.",
]
body4 = f"""<div id="article-wrap"><div class="article">
<h1>صدور نتائج الشهادة الثانوية ونسبة النجاح ٧٢ بالمئة</h1>
<div class="info"><span class="editor">إعداد: قسم الأخبار المحلية</span> <span class="time">منذ ساعتين</span></div>
<div class="text">
<p>{P4[0].replace("أعلنت", "أعلـــنت")}</p>
<p>\u200f{P4[1]}\u200e</p>
<p>{P4[2]}</p>
</div>
<div class="cats"><h4>أقسام</h4><ul><li><a href="/c/edu">تعليم</a></li><li><a href="/c/local">محليات</a></li></ul></div>
</div></div>"""
head4 = """<meta charset="utf-8"><title>صدور نتائج الشهادة الثانوية ونسبة النجاح ٧٢ بالمئة</title>"""
add(
    "relative-date",
    page("relative-date", head4, body4, "صوت دمشق"),
    {
        "url": "https://sawt-dimashq.example/edu/results",
        "fetched_at": "2026-07-10T09:00:00+00:00",
        "title": "صدور نتائج الشهادة الثانوية ونسبة النجاح ٧٢ بالمئة",
        "subtitle": None,
        "author": "قسم الأخبار المحلية",
        "section": "تعليم",
        "published_at": "2026-07-10T10:00:00+03:00",
        "body_paragraphs": P4,
        "must_not_contain": ["أقسام", "إعداد", "منذ ساعتين", "الأكثر قراءة"],
    },
)

# 5-7. Encodings: windows-1256 declared; declared utf-8 but really cp1256; no declaration
P5 = [
    "افتتحت بلدية دير الزور جسراً حديدياً مؤقتاً فوق نهر الفرات يربط حي الحويقة بالضفة الأخرى، بعد سنوات من الاعتماد على العبّارات النهرية.",
    "وقال رئيس البلدية إن الجسر يتحمل مرور السيارات الصغيرة والمشاة، وإن العمل جارٍ على إعادة تأهيل الجسر المعلق التاريخي الذي دُمّر خلال الحرب.",
    "ورحّب الأهالي بالخطوة التي اختصرت زمن التنقل بين ضفتي النهر من ساعة كاملة إلى دقائق معدودة.",
]


def encoded_page(meta):
    body = f"""<div class="content-area"><h1>افتتاح جسر مؤقت فوق الفرات في دير الزور</h1>
<span class="date">الأحد 5 تموز 2026 10:30 ص</span>
<div class="story">{"".join(f"<p>{p}</p>" for p in P5)}</div></div>"""
    head = f"""{meta}<title>افتتاح جسر مؤقت فوق الفرات في دير الزور - الفرات بوست</title>
<meta property="og:site_name" content="الفرات بوست"><meta property="og:type" content="article">"""
    return page("enc", head, body, "الفرات بوست")


enc_truth = {
    "fetched_at": "2026-07-06T08:00:00+00:00",
    "title": "افتتاح جسر مؤقت فوق الفرات في دير الزور",
    "published_at": "2026-07-05T10:30:00+03:00",
    "body_paragraphs": P5,
    "must_not_contain": ["الأكثر قراءة"],
}
add(
    "windows-1256",
    encoded_page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'),
    {**enc_truth, "url": "https://furat-post.example/a/1"},
    encoding="cp1256",
)
add(
    "mislabelled-charset",
    encoded_page('<meta charset="utf-8">'),
    {**enc_truth, "url": "https://furat-post.example/a/2"},
    encoding="cp1256",
    content_type="text/html; charset=UTF-8",
)
add("no-charset", encoded_page(""), {**enc_truth, "url": "https://furat-post.example/a/3"}, encoding="cp1256")

# 8. Egyptian month, ص, JSON-LD author = the outlet (never the author), "الأكثر قراءة" inside the article column
P8 = [
    "أعلنت الهيئة العامة للطيران المدني استئناف الرحلات المباشرة بين دمشق والقاهرة اعتباراً من الأسبوع المقبل، بعد توقف استمر أكثر من عشر سنوات.",
    "وقال مدير المطار إن رحلتين أسبوعيتين ستُسيَّران في المرحلة الأولى، على أن يرتفع العدد تدريجياً وفق الطلب.",
    "ويتوقع العاملون في قطاع السياحة أن تسهم الخطوة في تنشيط حركة الزوار، ولا سيما الطلاب والعائلات المقيمة في البلدين.",
]
jsonld8 = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "استئناف الرحلات المباشرة بين دمشق والقاهرة",
    "author": {"@type": "Organization", "name": "الشام الإخبارية"},
    "publisher": {"@type": "Organization", "name": "الشام الإخبارية"},
}
body8 = f"""<section class="article-page"><h1>استئناف الرحلات المباشرة بين دمشق والقاهرة</h1>
<div class="article-date">نُشر في: 3 أغسطس 2026، 12:05 ص</div>
<div class="article-content">{"".join(f"<p>{p}</p>" for p in P8)}</div>
<div class="box"><h3>الأكثر قراءة</h3><ul><li><a href="/x/1">خبر أول من الأخبار الأكثر قراءة اليوم</a></li><li><a href="/x/2">خبر ثان من القائمة</a></li></ul></div>
<div class="comments"><h3>التعليقات</h3><p>أضف تعليقك هنا، التعليقات تخضع للمراجعة قبل النشر.</p></div>
</section>"""
head8 = f"""<meta charset="utf-8"><title>استئناف الرحلات المباشرة بين دمشق والقاهرة | الشام الإخبارية</title>
{t.jsonld(jsonld8)}"""
add(
    "egyptian-month",
    page("egyptian-month", head8, body8, "الشام الإخبارية"),
    {
        "url": "https://sham-news.example/travel/flights",
        "fetched_at": "2026-08-04T08:00:00+00:00",
        "title": "استئناف الرحلات المباشرة بين دمشق والقاهرة",
        "subtitle": None,
        "author": None,
        "published_at": "2026-08-03T00:05:00+03:00",
        "body_paragraphs": P8,
        "must_not_contain": ["الأكثر قراءة", "خبر أول", "أضف تعليقك", "التعليقات"],
    },
)

PAGES["truth.json"] = (json.dumps(truth, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def build(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in PAGES.items():
        (out / name).write_bytes(data)


if __name__ == "__main__":
    build()
    print(len(truth), "pages")
