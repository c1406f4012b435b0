"""Server-rendered JavaScript-framework outlets: hashed class names, div soup, JSON state.

Two invented outlets: "منصة الجسر" (Next.js: ``__NEXT_DATA__``, css-in-js
classes) and "نبض الشرق" (Nuxt and a React SSR app: ``window.__NUXT__``,
``window.__INITIAL_STATE__``, ``data-v-*`` attributes).
"""

from __future__ import annotations

from typing import Any

from tools.modern_pages.common import jsonld, state_json, truth

JISR_HEAD = """<meta charset="utf-8"><meta name="viewport" content="width=device-width">
<link rel="preload" href="/_next/static/css/9c1a.css" as="style"><link rel="stylesheet" href="/_next/static/css/9c1a.css">
<meta property="og:site_name" content="منصة الجسر">"""
JISR_TOP = """<div id="__next"><div class="css-1d3w5wq"><header class="css-k008qs"><div class="css-70qvj9">
<a href="/" class="css-1jxf684"><svg viewBox="0 0 10 10"></svg><span class="css-1m2k3">منصة الجسر</span></a></div>
<div class="css-1wn2xz7"><a href="/syria">سوريا</a><a href="/politics">سياسة</a><a href="/economy">اقتصاد</a><a href="/reports">تقارير</a><a href="/videos">فيديو</a></div></header>"""
JISR_BOTTOM = """<div class="css-5lt1hx"><div class="css-mx2j1">الأكثر قراءة</div>
<a href="/news/2026/05/fuel" class="css-a9b2c"><div class="css-h4t">طوابير أمام محطات الوقود في حمص بعد تأخر التوريدات</div></a>
<a href="/news/2026/05/exam" class="css-a9b2c"><div class="css-h4t">تأجيل امتحانات الشهادة الثانوية في ثلاث محافظات</div></a></div>
<footer class="css-q8e1"><div class="css-11a">© 2026 منصة الجسر. جميع الحقوق محفوظة</div><div class="css-11b"><a href="/about">من نحن</a><a href="/privacy">الخصوصية</a></div></footer></div></div>"""


def _next_data(page_props: dict[str, Any]) -> str:
    data = {
        "props": {"pageProps": page_props, "__N_SSP": True},
        "page": "/news/[...slug]",
        "buildId": "kX9d2mQ",
        "isFallback": False,
    }
    return f'<script id="__NEXT_DATA__" type="application/json">{state_json(data)}</script>'


def _page(title: str, body: str, head: str = "", scripts: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head>{JISR_HEAD}
<title>{title} | منصة الجسر</title>{head}</head><body>{JISR_TOP}
<main class="css-1jx9mfw">{body}</main>{JISR_BOTTOM}{scripts}
<script src="/_next/static/chunks/main-3f9a.js" async=""></script></body></html>"""


# --- A1: div paragraphs with hashed classes, h2 under h1, two authors, unlabelled card, ad slot, Telegram call

A1 = [
    "بدأت ورشات الصيانة في محافظة دير الزور، صباح الأحد، أعمال ترميم الجسر المعلق الذي يربط ضفتي نهر الفرات، بعد سنوات من خروجه عن الخدمة إثر تعرضه لأضرار جسيمة خلال المعارك.",
    "وقال مدير الخدمات الفنية في المحافظة، المهندس عبد الكريم الجاسم، إن المرحلة الأولى من المشروع تشمل تدعيم الركائز الحجرية وإزالة الأنقاض المتراكمة في مجرى النهر، على أن تبدأ المرحلة الثانية بتركيب الكابلات الفولاذية مطلع الخريف.",
    "وأضاف الجاسم أن كلفة المشروع تقدر بنحو أربعة ملايين دولار، تتقاسمها المحافظة ومنظمة دولية تعنى بإعادة تأهيل البنية التحتية، مشيراً إلى أن اللجنة الفنية درست ثلاثة مقترحات قبل اعتماد التصميم الأقرب إلى الشكل الأصلي للجسر.",
    "ويعد الجسر المعلق، الذي شُيّد في ثلاثينيات القرن الماضي، أحد أبرز معالم المدينة، وكان يستخدمه المشاة للتنقل بين الأحياء الواقعة على الضفة الشمالية والحدائق الممتدة على الضفة الأخرى.",
    "ويرى سكان من حي الحويقة أن إعادة الجسر ستخفف الضغط عن المعبر النهري المؤقت، الذي يضطر الأهالي لعبوره بالقوارب الصغيرة، ولا سيما في أشهر الشتاء حين يرتفع منسوب المياه.",
    "وقالت أم محمد، وهي معلمة تعبر النهر يومياً إلى مدرستها، إن الرحلة التي كانت تستغرق عشر دقائق سيراً على الأقدام باتت تستغرق أكثر من ساعة، وتكلفها ما يعادل ربع راتبها الشهري.",
    "وتتوقع المحافظة أن ينتهي العمل خلال ثمانية عشر شهراً إذا استمر التمويل وفق الجدول المتفق عليه، في حين حذّر مهندسون من أن ارتفاع أسعار مواد البناء قد يؤخر التسليم.",
]
A1_TITLE = "بدء ترميم الجسر المعلق في دير الزور بعد سنوات من توقفه"
A1_SUB = "كلفة المشروع أربعة ملايين دولار والمحافظة تتوقع إنجازه خلال عام ونصف"
A1_BODY = "\n".join(f'<div class="css-1n8p0d2 e1a6z3f0">{p}</div>' for p in A1[:3])
A1_BODY += """
<div class="css-9z2k1f e1a6z3f1"><a href="/news/2026/04/ferry-boats" class="css-1tnq0mu"><div class="css-1sv8az"><img src="/img/ferry.jpg" alt="" class="css-7ux"></div>
<div class="css-q1w2e3">قوارب الصيد تتحول إلى وسيلة نقل وحيدة بين ضفتي الفرات</div><div class="css-d9f">منذ يومين</div></a></div>
"""
A1_BODY += "\n".join(f'<div class="css-1n8p0d2 e1a6z3f0">{p}</div>' for p in A1[3:5])
A1_BODY += """
<div class="css-1q2w9ff"><div class="css-z8x7c">إعلان</div><div id="div-gpt-ad-1715000-3" class="css-0"></div></div>
"""
A1_BODY += "\n".join(f'<div class="css-1n8p0d2 e1a6z3f0">{p}</div>' for p in A1[5:])
A1_HTML = _page(
    A1_TITLE,
    f"""<article class="css-1u8qly9"><div class="css-hb0sa4"><div class="css-1j7qk5n"><a href="/syria">سوريا</a></div>
<h1 class="css-14ld9ui">{A1_TITLE}</h1>
<h2 class="css-1yk9p0a">{A1_SUB}</h2>
<div class="css-8atqhb"><a href="/author/rami-alsayed" class="css-jk2">رامي السيد</a><span class="css-sep">، </span><a href="/author/lina-haddad" class="css-jk2">لينا حداد</a></div>
<div class="css-mq9x"><span class="css-v1">11 أيار 2026</span></div></div>
<div class="css-1ybxq7r"><img src="/img/bridge.jpg" alt="الجسر المعلق" class="css-3n"></div>
<div class="css-1m2r2tr">{A1_BODY}</div>
<div class="css-7h6g5f"><a href="https://t.me/aljisr_news" class="css-tg">تابعوا منصة الجسر على تلغرام</a></div>
<div class="css-tags"><a href="/tag/deir-ez-zor">دير الزور</a><a href="/tag/bridges">جسور</a></div></article>""",
    scripts=_next_data(
        {
            "article": {
                "id": 88231,
                "title": A1_TITLE,
                "subtitle": A1_SUB,
                "authors": [
                    {"name": "رامي السيد", "slug": "rami-alsayed"},
                    {"name": "لينا حداد", "slug": "lina-haddad"},
                ],
                "publishedAt": "2026-05-11T07:30:00.000Z",
                "updatedAt": "2026-05-11T12:05:00.000Z",
                "body": "".join(f"<p>{p}</p>" for p in A1),
                "section": {"name": "سوريا", "slug": "syria"},
            }
        }
    ),
)

# --- A2: one container with <br><br> text, JSON-LD articleBody, a video player's texts, caption credit, translator

A2 = [
    "تواجه العائلات النازحة في مخيمات ريف إدلب الشمالي شتاءً قاسياً هذا العام، مع تراجع المساعدات الإنسانية وارتفاع أسعار مواد التدفئة إلى مستويات غير مسبوقة، بحسب تقرير نشرته منظمة إغاثية دولية.",
    "وأشار التقرير إلى أن أكثر من ثلثي الأسر التي شملها المسح لا تملك ما يكفي من الحطب أو المازوت لتدفئة خيامها طوال الشهر، وأن كثيراً منها لجأ إلى حرق الأكياس البلاستيكية والملابس القديمة، رغم ما تسببه من أمراض تنفسية للأطفال.",
    "ويقول خالد، وهو أب لخمسة أطفال نزح من ريف حماة قبل ست سنوات، إن ثمن طن الحطب يعادل دخله لثلاثة أشهر، وإنه يكتفي بإشعال المدفأة ساعتين في المساء حين تنخفض الحرارة إلى ما دون الصفر.",
    "وحذّر التقرير من أن تقليص تمويل برامج الشتاء بنسبة أربعين في المئة مقارنة بالعام الماضي سيترك عشرات الآلاف دون عوازل للخيام أو بطانيات إضافية، داعياً المانحين إلى سد الفجوة قبل ذروة البرد في كانون الثاني.",
    "في المقابل، قال مسؤول في إدارة المخيمات إن فرق الإحصاء أنهت حصر الاحتياجات، وإن توزيع الدفعة الأولى من الوقود سيبدأ الأسبوع المقبل في المخيمات الأكثر ارتفاعاً، حيث تتساقط الثلوج عادة.",
]
A2_TITLE = "شتاء قاسٍ ينتظر نازحي مخيمات إدلب مع تراجع المساعدات"
A2_HTML = _page(
    A2_TITLE,
    f"""<div class="css-w7r1pa"><div class="css-2b097c">
<div class="css-1wr9kq2"><h1 class="css-a4b8z">{A2_TITLE}</h1>
<div class="css-16kgj4h"><span class="css-19qj">بقلم: جيمس ميلر</span><span class="css-ry2"> · </span><span class="css-19qj">ترجمة: نور الهدى مراد</span></div></div>
<div class="css-vp0x1"><div class="css-vp0x2"><div class="css-vp0x3">Advertisement</div><div class="css-vp0x4">تخطي الإعلان بعد 5 ثوان</div></div>
<div class="css-vp0x5"><div class="css-ctl">تشغيل</div><div class="css-ctl">00:00 / 02:14</div><div class="css-ctl">كتم الصوت</div><div class="css-ctl">ملء الشاشة</div><div class="css-ctl">الإعدادات</div></div></div>
<div class="css-6x9kq2">{"<br><br>".join(A2[:2])}<br><br>
<div class="css-ph1"><img src="/img/camp-snow.jpg" alt=""><span class="css-cap1">أطفال يجمعون الحطب في مخيم قرب سرمدا. الصورة: عمر حاج قدور/ أ ف ب</span></div>
{"<br><br>".join(A2[2:])}</div>
<div class="css-src">هذا المقال مترجم عن صحيفة الغارديان البريطانية</div>
</div></div>""",
    head=jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": A2_TITLE,
            "datePublished": "2026-01-09T16:45:00+03:00",
            "dateModified": "2026-01-10T09:00:00+03:00",
            "author": [{"@type": "Person", "name": "جيمس ميلر"}],
            "articleBody": "\n\n".join(A2),
            "publisher": {"@type": "Organization", "name": "منصة الجسر"},
        }
    ),
)

# --- A3: Nuxt 2 (window.__NUXT__ is JavaScript, not JSON), data-v attributes, X and Instagram embeds,
# newsletter box, visible date written apart "2026-04-03 | 09:25", byline "كتب:"

SHARQ_TOP = """<div id="__nuxt"><div id="__layout"><div data-v-6a1c2e0b class="_app_3kq1">
<div data-v-6a1c2e0b class="_top_91x"><a href="/" data-v-6a1c2e0b><img src="/logo.svg" alt="نبض الشرق"></a>
<ul data-v-6a1c2e0b class="_m_2z"><li><a href="/news">أخبار</a></li><li><a href="/analysis">تحليلات</a></li><li><a href="/society">مجتمع</a></li></ul></div>"""
SHARQ_BOTTOM = (
    """<div data-v-5b2a class="_ft_7x"><p>نبض الشرق © 2026 - جميع الحقوق محفوظة</p></div></div></div></div>"""
)
A3 = [
    "أثار قرار المجلس المحلي في مدينة السويداء رفع رسوم جمع النفايات بنسبة مئة وخمسين في المئة موجة انتقادات واسعة بين السكان، الذين رأوا أن الخدمة تراجعت خلال الأشهر الماضية بدل أن تتحسن.",
    "وبرر المجلس في بيان القرار بارتفاع كلفة المحروقات وصيانة الآليات، موضحاً أن الرسوم الحالية لا تغطي سوى ثلث النفقات الشهرية، وأن البلدية اضطرت لتأجيل رواتب عمال النظافة مرتين منذ بداية العام.",
    "وكتب أحد أعضاء المجلس على منصة إكس أن القرار مؤقت وسيُراجع بعد ثلاثة أشهر، غير أن تجاراً في السوق المركزي قالوا إنهم لم يُستشاروا، وإن الأكياس تتكدس أمام المحال لأيام قبل أن تُرفع.",
    "ونشرت صفحات محلية على إنستغرام صوراً لحاويات ممتلئة في حي المقوس، وتداول ناشطون دعوات إلى الامتناع عن الدفع حتى تنتظم مواعيد الجمع.",
    "ويقول خبراء في الإدارة المحلية إن أزمة النفايات في المدن الصغيرة تعكس عجزاً أوسع في موارد المجالس، التي تعتمد على الرسوم والضرائب المحلية في ظل غياب التمويل المركزي.",
    "ودعا الخبراء إلى إشراك السكان في وضع خطط الفرز وإعادة التدوير، بما يخفض الكميات المنقولة إلى المكبات ويوفر فرص عمل للشباب العاطلين.",
]
A3_TITLE = "رفع رسوم النظافة في السويداء يثير غضب السكان"
A3_P = [f'<p data-v-3f1e9a2c class="_t_8kq2">{p}</p>' for p in A3]
A3_HTML = f"""<!DOCTYPE html><html lang="ar" dir="rtl" data-n-head-ssr><head><meta data-n-head="ssr" charset="utf-8">
<title>{A3_TITLE} - نبض الشرق</title><meta data-n-head="ssr" property="og:title" content="{A3_TITLE}">
<meta data-n-head="ssr" property="og:site_name" content="نبض الشرق"><link rel="stylesheet" href="/_nuxt/css/4a1b.css"></head>
<body>{SHARQ_TOP}
<div data-v-3f1e9a2c class="_pg_x1"><div data-v-3f1e9a2c class="_hd_k2"><span data-v-3f1e9a2c class="_s_1">مجتمع</span>
<h1 data-v-3f1e9a2c class="_h_9q">{A3_TITLE}</h1>
<div data-v-3f1e9a2c class="_mt_2"><span data-v-3f1e9a2c class="_w_1">كتب: حسام الدين يوسف</span><span data-v-3f1e9a2c class="_d_1">2026-04-03 | 09:25</span></div></div>
<div data-v-3f1e9a2c class="_bd_77">{A3_P[0]}{A3_P[1]}{A3_P[2]}
<blockquote class="twitter-tweet" data-lang="ar"><p lang="ar" dir="rtl">القرار مؤقت وسنراجعه بعد ثلاثة أشهر بالتشاور مع الأهالي والتجار <a href="https://twitter.com/hashtag/السويداء">#السويداء</a></p>&mdash; عضو المجلس المحلي (@council_member) <a href="https://twitter.com/council_member/status/1775">April 2, 2026</a></blockquote>
{A3_P[3]}
<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/C5xYz/" data-instgrm-version="14"><div><a href="https://www.instagram.com/p/C5xYz/" target="_blank">عرض هذا المنشور على Instagram</a></div>
<p><a href="https://www.instagram.com/p/C5xYz/">‏تمت مشاركة منشور بواسطة‏ سويداء 24 (@suwayda24)‏</a></p></blockquote>
{A3_P[4]}
<div data-v-7d2c class="_nl_9a8b"><div data-v-7d2c class="_nt_1">النشرة البريدية</div><div data-v-7d2c class="_nx_1">اشترك في نشرتنا البريدية ليصلك ملخص أخبار سوريا كل صباح</div>
<input type="email" placeholder="بريدك الإلكتروني"><button>اشترك الآن</button></div>
{A3_P[5]}</div></div>
{SHARQ_BOTTOM}
<script>window.__NUXT__=(function(a,b,c,d){{return {{layout:"default",data:[{{article:{{id:5521,title:a,section:b,author:c,date:d,excerpt:"أثار قرار المجلس المحلي في مدينة السويداء رفع رسوم جمع النفايات..."}}}}],fetch:{{}},state:{{}}}}}}("{A3_TITLE}","مجتمع","حسام الدين يوسف","2026-04-03T06:25:00Z"));</script>
<script src="/_nuxt/app.4f1a.js" defer></script></body></html>"""

# --- A4: React SSR, window.__INITIAL_STATE__ holding ANOTHER article (prefetched), p.dek, two authors
# joined by "و", a labelled "اقرأ أيضاً" card, "مساحة إعلانية"

A4 = [
    "أعلنت وزارة الزراعة عن خطة لإعادة تأهيل أكثر من ألفي بئر ارتوازية في ريف حمص الشرقي، في محاولة لإنقاذ المواسم الزراعية من الجفاف الذي يضرب المنطقة للعام الثالث على التوالي.",
    "وقالت الوزارة إن الخطة تعتمد على تزويد الآبار بألواح طاقة شمسية بدلاً من المضخات العاملة على المازوت، بما يخفض كلفة الري على المزارعين إلى النصف تقريباً، على أن تُموّل عبر قروض ميسّرة تُسدد على خمس سنوات.",
    "ويشكو مزارعون في قرى الفرقلس والقريتين من أن منسوب المياه الجوفية انخفض بأكثر من عشرين متراً خلال عقد، وأن حفر الآبار العشوائي زاد من استنزاف الخزان الجوفي.",
    "ويرى باحثون في هندسة الموارد المائية أن الطاقة الشمسية وحدها لا تكفي، وأن غياب العدادات وتنظيم الحصص سيجعل الآبار الجديدة تضخ أكثر مما يتجدد، ما يهدد بجفاف المنطقة على المدى البعيد.",
    "وتقول الوزارة إنها ستشترط تركيب عدادات على الآبار المشمولة بالقروض، وإنها تعمل مع الجمعيات الفلاحية على جدولة مواعيد الري، بحيث لا تتجاوز الكميات المسحوبة المعدلات التي يحددها الخبراء.",
]
A4_TITLE = "خطة لتشغيل ألفي بئر بالطاقة الشمسية في ريف حمص الشرقي"
A4_DEK = "قروض ميسّرة للمزارعين وتحذيرات من استنزاف المياه الجوفية"
A4_STATE = {
    "router": {"location": {"pathname": "/ar/news/2026/03/solar-wells"}},
    "articles": {
        "byId": {
            "7710": {
                "title": "ارتفاع أسعار الأسمدة يهدد الموسم الزراعي في الغاب",
                "body": "<p>سجلت أسعار الأسمدة في سهل الغاب ارتفاعاً جديداً هذا الأسبوع، ما دفع مزارعين إلى تقليص المساحات المزروعة بالقمح والشوندر السكري.</p><p>وقال مزارعون إن سعر كيس اليوريا تضاعف خلال شهرين، وإن الجمعيات الفلاحية لم توزع حصصها المعتادة.</p>",
                "authors": [{"name": "مها الخطيب"}],
                "publishedAt": "2026-03-02T09:00:00+03:00",
            }
        },
        "current": "7710",
    },
}
A4_HTML = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{A4_TITLE} | نبض الشرق</title>
<meta property="og:title" content="{A4_TITLE}"><meta property="og:site_name" content="نبض الشرق">
<meta property="article:published_time" content="2026-03-04T11:20:00+03:00">
<link rel="stylesheet" href="/static/css/main.8c1f.css"></head><body>
<div id="root"><div class="App_app__x1"><div class="Header_header__3Kd"><a href="/ar">نبض الشرق</a><span class="Header_date__q1">الأربعاء 4 آذار 2026</span></div>
<div class="Article_wrap__2rT"><div class="Article_head__9s"><h1 class="Article_title__1mN">{A4_TITLE}</h1>
<p class="dek">{A4_DEK}</p>
<div class="Article_by__7Qe">إعداد: سلمى الخطيب و باسل عيسى</div></div>
<div class="Article_content__kq3">
<p class="Paragraph_p__8w">{A4[0]}</p><p class="Paragraph_p__8w">{A4[1]}</p>
<div class="Card_card__1x"><div class="Card_label__a2">اقرأ أيضاً</div><a href="/ar/news/2026/02/drought-map" class="Card_link__c3"><img src="/img/drought.jpg" alt=""><span class="Card_title__d4">خريطة الجفاف: ثلاث محافظات سورية تحت خط الفقر المائي</span></a></div>
<p class="Paragraph_p__8w">{A4[2]}</p>
<div class="AdSlot_slot__9d"><span class="AdSlot_label__2f">مساحة إعلانية</span><div class="AdSlot_inner__1a" id="ad-mid-1"></div></div>
<p class="Paragraph_p__8w">{A4[3]}</p><p class="Paragraph_p__8w">{A4[4]}</p></div>
<div class="Share_bar__x9"><a href="https://facebook.com/sharer">فيسبوك</a><a href="https://x.com/intent">إكس</a><a href="https://wa.me/?text=">واتساب</a></div>
</div><div class="Footer_f__1q">جميع الحقوق محفوظة لنبض الشرق 2026</div></div></div>
<script>window.__INITIAL_STATE__ = {state_json(A4_STATE)};</script>
<script src="/static/js/main.7a2e.js"></script></body></html>"""

# --- A5: __NEXT_DATA__ that agrees with the page; two unlabelled cards, a sponsored box, photographer credit,
# date only in the JSON state and visible as a day

A5 = [
    "افتتحت في مدينة حلب القديمة، مساء السبت، أول سوق شعبية للحرف اليدوية منذ انتهاء أعمال ترميم خان الشونة، بمشاركة أكثر من ثمانين حرفياً من صناع الصابون والنحاس والموزاييك والنسيج.",
    "وتقول الجمعية الحرفية المنظمة إن السوق ستفتح أبوابها كل نهاية أسبوع حتى نهاية الصيف، بهدف إعادة الحياة إلى الأسواق المسقوفة التي لحق بها دمار واسع، وتشجيع الحرفيين الذين غادروا المدينة على العودة.",
    "وعرض أبو أحمد الحلبي، الذي ورث صناعة صابون الغار عن جده، قوالب جففها طوال ثمانية أشهر، وقال إن الإقبال فاق توقعاته رغم أن معظم الزوار جاؤوا للفرجة أكثر من الشراء.",
    "أما ريم، وهي خريجة فنون جميلة تعمل في ترميم قطع الموزاييك القديمة، فرأت أن السوق فرصة نادرة لتعريف الجيل الجديد بحرف كادت تندثر، مطالبة بدعم ورشات التدريب التي تستقبل المتدربين مجاناً.",
    "ويأمل القائمون على المشروع أن يجذب السوق السياح العرب والأجانب في الأشهر المقبلة، مع استكمال ترميم الواجهات الحجرية في محيط القلعة وعودة الإنارة إلى الأزقة.",
    "وتشير تقديرات غرفة صناعة حلب إلى أن عدد الورش الحرفية في المدينة القديمة تراجع من أكثر من ثلاثة آلاف ورشة قبل الحرب إلى بضع مئات اليوم، معظمها يعمل بطاقة محدودة بسبب انقطاع الكهرباء وغلاء المواد الأولية.",
]
A5_TITLE = "سوق للحرف اليدوية يعيد الحياة إلى خان الشونة في حلب القديمة"
A5_P = [f'<div class="sc-7f3a1b-0 kQzLpe">{p}</div>' for p in A5]
A5_CARD = """<div class="sc-4c1e2f-0 hYtWqa"><a href="/news/2026/{slug}"><div class="sc-4c1e2f-1 bnRzXc"><img src="/img/{img}.jpg" alt=""></div>
<div class="sc-4c1e2f-2 cPqLmN"><div class="sc-4c1e2f-3 dKfUzx">{headline}</div><div class="sc-4c1e2f-4 eRtYuI">{when}</div></div></a></div>"""
A5_HTML = _page(
    A5_TITLE,
    f"""<div class="sc-1b2c3d-0 jUiKlM"><div class="sc-1b2c3d-1 kLmNoP">
<h1 class="sc-1b2c3d-2 lMnOpQ">{A5_TITLE}</h1>
<div class="sc-1b2c3d-3 mNoPqR"><span>السبت 18 نيسان 2026</span></div></div>
<div class="sc-a1b2c3-0 nOpQrS"><img src="/img/khan.jpg" alt=""><div class="sc-a1b2c3-1 oPqRsT">حرفي يعرض أواني نحاسية في خان الشونة. تصوير: محمود الأحمد</div></div>
<div class="sc-9e8d7c-0 pQrStU">{A5_P[0]}{A5_P[1]}
{A5_CARD.format(slug="04/citadel-lights", img="citadel", headline="عودة الإنارة إلى محيط قلعة حلب بعد انقطاع دام عشر سنوات", when="قبل 3 أيام")}
{A5_P[2]}{A5_P[3]}
{A5_CARD.format(slug="03/soap-exports", img="soap", headline="صادرات صابون الغار الحلبي تتراجع إلى النصف", when="منذ أسبوع")}
<div class="sc-5f6e7d-0 qRsTuV"><div class="sc-5f6e7d-1 rStUvW">محتوى مدعوم</div><a href="https://sponsor.example/offer"><span>عروض الصيف: رحلات إلى حلب بأسعار مخفضة مع شركة سياحية</span></a></div>
{A5_P[4]}{A5_P[5]}</div>""",
    scripts=_next_data(
        {
            "post": {
                "title": A5_TITLE,
                "date": "2026-04-18T19:10:00+03:00",
                "author": None,
                "content": "".join(f"<p>{p}</p>" for p in A5),
                "photographer": "محمود الأحمد",
            }
        }
    ),
)

JISR = "https://aljisr.example"
SHARQ = "https://nabd-sharq.example"
PAGES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "next-div-soup",
        A1_HTML,
        truth(
            "next-div-soup",
            f"{JISR}/news/2026/05/deir-ez-zor-suspension-bridge",
            "2026-05-12T08:00:00+00:00",
            title=A1_TITLE,
            subtitle=A1_SUB,
            author="رامي السيد، لينا حداد",
            published_at="2026-05-11T10:30:00+03:00",
            body_paragraphs=A1,
            must_not_contain=[
                "قوارب الصيد تتحول",
                "إعلان",
                "تابعوا منصة الجسر",
                "الأكثر قراءة",
                "طوابير أمام محطات",
                "جميع الحقوق",
            ],
        ),
    ),
    (
        "next-br-text",
        A2_HTML,
        truth(
            "next-br-text",
            f"{JISR}/reports/2026/01/idlib-camps-winter",
            "2026-01-11T08:00:00+00:00",
            title=A2_TITLE,
            subtitle=None,
            author="جيمس ميلر",
            published_at="2026-01-09T16:45:00+03:00",
            body_paragraphs=A2,
            must_not_contain=[
                "Advertisement",
                "تخطي الإعلان",
                "كتم الصوت",
                "ملء الشاشة",
                "الصورة: عمر حاج قدور",
                "أطفال يجمعون الحطب",
                "ترجمة: نور الهدى",
                "هذا المقال مترجم",
            ],
        ),
    ),
    (
        "nuxt-visible-date",
        A3_HTML,
        truth(
            "nuxt-visible-date",
            f"{SHARQ}/society/suwayda-waste-fees",
            "2026-04-04T08:00:00+00:00",
            title=A3_TITLE,
            subtitle=None,
            author="حسام الدين يوسف",
            published_at="2026-04-03T09:25:00+03:00",
            body_paragraphs=A3,
            must_not_contain=[
                "القرار مؤقت وسنراجعه",
                "council_member",
                "عرض هذا المنشور",
                "تمت مشاركة منشور",
                "النشرة البريدية",
                "اشترك في نشرتنا",
                "جميع الحقوق",
            ],
        ),
    ),
    (
        "react-state-mismatch",
        A4_HTML,
        truth(
            "react-state-mismatch",
            f"{SHARQ}/ar/news/2026/03/solar-wells",
            "2026-03-05T08:00:00+00:00",
            title=A4_TITLE,
            subtitle=A4_DEK,
            author="سلمى الخطيب، باسل عيسى",
            published_at="2026-03-04T11:20:00+03:00",
            body_paragraphs=A4,
            must_not_contain=[
                "خريطة الجفاف",
                "اقرأ أيضاً",
                "مساحة إعلانية",
                "أسعار الأسمدة",
                "كيس اليوريا",
                "واتساب",
                "جميع الحقوق",
            ],
        ),
    ),
    (
        "next-cards-sponsored",
        A5_HTML,
        truth(
            "next-cards-sponsored",
            f"{JISR}/culture/2026/04/khan-al-shouneh-crafts",
            "2026-04-19T08:00:00+00:00",
            title=A5_TITLE,
            subtitle=None,
            author=None,
            published_at="2026-04-18T19:10:00+03:00",
            body_paragraphs=A5,
            must_not_contain=[
                "عودة الإنارة إلى محيط قلعة",
                "صادرات صابون الغار",
                "محتوى مدعوم",
                "عروض الصيف",
                "تصوير: محمود الأحمد",
                "حرفي يعرض أواني",
                "قبل 3 أيام",
            ],
        ),
    ),
]
