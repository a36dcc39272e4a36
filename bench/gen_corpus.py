#!/usr/bin/env python3
"""Deterministic benchmark corpus for greenprint and Hugo.

Writes the same bilingual content twice:

    DIR/greenprint/   a greenprint site (site.yaml, content/, data/terms.yaml, themes/bench/)
    DIR/hugo/         a Hugo site (hugo.toml, content/, i18n/, assets/, layouts/)

`--pages N` is the number of pages per language: N Chinese pages (the default language, at
the root) and their N English translations (under /en/), spread over 20 sections, plus a home
page, 20 section pages and the `tags` taxonomy (200 terms, 2-5 per page) in both languages.

Only the Python standard library is used, and every random choice comes from a seeded
generator, so the same arguments always give byte-identical files.

    python3 bench/gen_corpus.py --pages 1000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

SECTIONS = 20

# (zh, en, slug) of each section.
SECTION_TOPICS = [
    ("家庭节电", "Saving electricity at home"),
    ("节约用水", "Saving water"),
    ("绿色出行", "Green commuting"),
    ("垃圾分类", "Sorting waste"),
    ("绿色办公", "Green offices"),
    ("校园节能", "Energy saving at school"),
    ("社区行动", "Community action"),
    ("绿色商场", "Green shopping malls"),
    ("绿色建筑", "Green buildings"),
    ("空调与供暖", "Heating and cooling"),
    ("照明节能", "Efficient lighting"),
    ("厨房节能", "The energy-saving kitchen"),
    ("节能家电", "Efficient appliances"),
    ("光盘行动", "The Clean Plate campaign"),
    ("旧物利用", "Reuse and repair"),
    ("绿色消费", "Green consumption"),
    ("可再生能源", "Renewable energy"),
    ("农村节能", "Energy saving in the countryside"),
    ("节能宣传周", "Energy Saving Week"),
    ("低碳生活", "Low-carbon living"),
]

# Real sentences about saving energy, each with its English equivalent.
SENTENCES = [
    ("离开房间时随手关灯，是最简单的节电习惯。", "Switching off the light when you leave a room is the simplest way to save electricity."),
    ("夏季空调温度设置在26摄氏度以上，既舒适又节能。", "In summer, setting the air conditioner to 26 °C or above is both comfortable and energy-saving."),
    ("冬季室内供暖温度不宜超过20摄氏度。", "In winter, indoor heating should not be set above 20 °C."),
    ("一只9瓦的LED灯发出的光相当于60瓦的白炽灯。", "A 9-watt LED lamp gives as much light as a 60-watt incandescent bulb."),
    ("电视、电脑等电器长期待机也会消耗电能，不用时请拔掉插头。", "Televisions, computers and other appliances use power on standby; unplug them when they are not in use."),
    ("选购家电时，请优先选择一级能效的产品。", "When buying appliances, choose those with a grade 1 energy efficiency label."),
    ("冰箱不要塞得太满，也不要频繁开门。", "Do not overfill the fridge, and do not open its door too often."),
    ("洗衣机满桶再洗，可以节约大量的水和电。", "Running the washing machine only with a full load saves a lot of water and electricity."),
    ("淘米水可以用来浇花，洗菜水可以用来冲厕所。", "Water used to rinse rice can water the plants, and water used to wash vegetables can flush the toilet."),
    ("刷牙时关掉水龙头，一年可以节约好几吨水。", "Turning off the tap while brushing your teeth saves several tonnes of water a year."),
    ("安装节水型水龙头和马桶，能明显减少用水量。", "Water-saving taps and toilets noticeably reduce water use."),
    ("短途出行尽量步行或骑自行车。", "For short trips, walk or ride a bicycle whenever you can."),
    ("乘坐公共交通工具，比自己开车更加低碳。", "Taking public transport produces less carbon than driving your own car."),
    ("合理规划路线，减少不必要的驾车出行。", "Plan your routes to avoid unnecessary car journeys."),
    ("平稳驾驶、减少急加速，可以降低油耗。", "Driving smoothly and avoiding sudden acceleration lowers fuel use."),
    ("垃圾分类从我做起，从身边的小事做起。", "Sorting waste starts with each of us and with the small things around us."),
    ("可回收物包括废纸、塑料、玻璃、金属和织物。", "Recyclables include paper, plastic, glass, metal and textiles."),
    ("厨余垃圾要沥干水分后再投放。", "Drain kitchen waste before putting it in the bin."),
    ("购物时自带购物袋，少用一次性塑料袋。", "Bring your own bag when shopping and use fewer disposable plastic bags."),
    ("外出就餐按需点餐，吃不完的饭菜打包带走。", "When eating out, order only what you need and take home what you cannot finish."),
    ("节约粮食，杜绝浪费，践行光盘行动。", "Save food, stop waste and join the Clean Plate campaign."),
    ("办公室提倡双面打印，推行无纸化办公。", "Offices should print on both sides and move towards paperless work."),
    ("下班前关闭电脑、打印机和饮水机的电源。", "Switch off computers, printers and water dispensers before leaving work."),
    ("三层以下尽量走楼梯，少乘电梯。", "Take the stairs instead of the lift for three floors or fewer."),
    ("公共机构要带头节约能源资源。", "Public institutions should take the lead in saving energy and resources."),
    ("学校通过主题班会，让节能理念走进每个家庭。", "Schools hold themed class meetings that carry the idea of saving energy into every family."),
    ("社区可以组织旧物交换活动，让闲置物品物尽其用。", "Communities can organise swap days so that unused things find a new use."),
    ("商场空调温度夏季不低于26摄氏度。", "Shopping malls should keep air conditioning at 26 °C or above in summer."),
    ("绿色建筑在设计、施工和使用中都注重节约资源。", "Green buildings save resources in their design, their construction and their use."),
    ("外墙保温和节能门窗可以减少冬季的热量损失。", "Wall insulation and energy-efficient windows reduce heat loss in winter."),
    ("屋顶光伏发电让家庭也能使用清洁能源。", "Rooftop solar panels let households use clean energy too."),
    ("太阳能热水器在阳光充足的地区非常实用。", "Solar water heaters are very practical in sunny regions."),
    ("农村推广清洁取暖，减少散煤燃烧。", "Villages are promoting clean heating to burn less loose coal."),
    ("每年六月的全国节能宣传周，提醒大家节约能源。", "National Energy Saving Week, held every June, reminds everyone to save energy."),
    ("全国低碳日倡导简约适度、绿色低碳的生活方式。", "National Low-Carbon Day promotes a simple, moderate, green and low-carbon way of life."),
    ("用电高峰时段错峰使用大功率电器。", "Use high-power appliances outside peak hours."),
    ("电饭锅提前浸泡大米，可以缩短煮饭时间。", "Soaking rice before cooking shortens the time the rice cooker needs."),
    ("炒菜时用大火要及时盖上锅盖。", "Cover the pan when cooking over a high flame."),
    ("热水器温度设在50摄氏度左右比较合适。", "A water heater set to about 50 °C is about right."),
    ("旧衣物可以捐赠或投放到回收箱。", "Old clothes can be donated or put in a recycling bin."),
    ("修理旧家具，比买新的更节约资源。", "Repairing old furniture saves more resources than buying new."),
    ("植树造林可以吸收二氧化碳，改善环境。", "Planting trees absorbs carbon dioxide and improves the environment."),
    ("每节约一度电，就减少了一份碳排放。", "Every kilowatt-hour saved is a little less carbon emitted."),
    ("节能降碳，人人有责，人人可为。", "Saving energy and cutting carbon is everyone's duty, and everyone can do it."),
]

HEADINGS = [
    ("为什么要这样做", "Why it matters"),
    ("具体做法", "What to do"),
    ("常见误区", "Common mistakes"),
    ("算一笔账", "Doing the sums"),
    ("家庭小贴士", "Tips for families"),
    ("单位怎么做", "What workplaces can do"),
    ("政策依据", "The policy behind it"),
    ("延伸阅读", "Further reading"),
    ("动手试一试", "Try it yourself"),
    ("数据说明", "About the figures"),
]

ASPECTS = [
    ("入门", "first steps"), ("十个小窍门", "ten small tips"), ("常见问题", "questions and answers"),
    ("一周行动计划", "a one-week plan"), ("案例分享", "a case study"), ("数据解读", "the figures explained"),
    ("误区辨析", "myths and facts"), ("给孩子讲", "explained to children"), ("老年人指南", "a guide for older people"),
    ("租房族", "for renters"), ("夏季篇", "summer edition"), ("冬季篇", "winter edition"),
    ("周末活动", "weekend activities"), ("志愿者手册", "a volunteer's handbook"), ("清单", "a checklist"),
    ("算账", "counting the savings"), ("经验交流", "sharing experience"), ("倡议书", "an open call"),
    ("评比标准", "how entries are judged"), ("回顾与展望", "looking back and ahead"),
]

TABLE_ITEMS = [
    ("LED灯", "LED lamp"), ("空调", "Air conditioner"), ("冰箱", "Fridge"), ("洗衣机", "Washing machine"),
    ("电视机", "Television"), ("电热水器", "Electric water heater"), ("电饭锅", "Rice cooker"),
    ("电脑", "Computer"), ("饮水机", "Water dispenser"), ("电梯", "Lift"),
]

# 200 tags: 10 places x 20 topics, each with an ASCII id and a label in both languages.
TAG_PLACES = [
    ("家庭", "homes", "home"), ("办公室", "offices", "office"), ("学校", "schools", "school"),
    ("社区", "communities", "community"), ("商场", "malls", "mall"), ("交通", "transport", "transport"),
    ("农村", "villages", "village"), ("城市", "cities", "city"), ("夏季", "summer", "summer"),
    ("冬季", "winter", "winter"),
]
TAG_TOPICS = [
    ("节电", "Electricity", "electricity"), ("节水", "Water", "water"), ("空调", "Air conditioning", "aircon"),
    ("照明", "Lighting", "lighting"), ("垃圾分类", "Waste sorting", "waste"), ("公共交通", "Public transport", "bus"),
    ("骑行", "Cycling", "cycling"), ("光盘", "Clean plates", "food"), ("旧物利用", "Reuse", "reuse"),
    ("节能家电", "Appliances", "appliances"), ("太阳能", "Solar power", "solar"), ("供暖", "Heating", "heating"),
    ("建筑", "Buildings", "buildings"), ("无纸化", "Paperless", "paperless"), ("待机能耗", "Standby power", "standby"),
    ("冰箱", "Fridges", "fridges"), ("洗衣", "Laundry", "laundry"), ("电梯", "Lifts", "lifts"),
    ("绿色消费", "Green shopping", "shopping"), ("植树", "Tree planting", "trees"),
]
TAGS = [
    (f"{p_slug}-{t_slug}", f"{p_zh}{t_zh}", f"{t_en} ({p_en})")
    for (p_zh, p_en, p_slug) in TAG_PLACES
    for (t_zh, t_en, t_slug) in TAG_TOPICS
]

CODE_SNIPPETS = [
    ("python", [
        "# 每年节约的电量（千瓦时）",
        "watts = 51",
        "hours_per_day = 4",
        "kwh = watts * hours_per_day * 365 / 1000",
        "print(f\"{kwh:.1f} kWh\")",
    ]),
    ("yaml", [
        "savings:",
        "  electricity: {watts: 51, hours_per_day: 4, days_per_year: 365}",
        "  water: {litres_per_day: 20, days_per_year: 365}",
    ]),
    ("bash", [
        "# 统计本月用电量",
        "awk '{ sum += $2 } END { print sum \" kWh\" }' meter.csv",
    ]),
    ("json", [
        "{",
        "  \"device\": \"fridge\",",
        "  \"kwh_per_year\": 292,",
        "  \"grade\": 1",
        "}",
    ]),
]


def section_slug(s: int) -> str:
    return f"sec-{s + 1:02d}"


def page_slug(i: int) -> str:
    return f"page-{i:05d}"


def page_section(i: int) -> int:
    return i % SECTIONS


def page_title(i: int, lang: str) -> str:
    topic = SECTION_TOPICS[page_section(i)]
    aspect = ASPECTS[(i // SECTIONS) % len(ASPECTS)]
    if lang == "zh":
        return f"{topic[0]}：{aspect[0]}（{i:05d}）"
    return f"{topic[1]}: {aspect[1]} ({i:05d})"


def page_weight(i: int) -> int:
    # Both tools list by weight first: the same order in every list.
    return i // SECTIONS + 1


# ---------------------------------------------------------------------------------------------
# The structure of a page: blocks that name sentences, headings, links by index, rendered once
# per language and per tool so that both tools get exactly the same content.


def page_structure(seed: int, i: int, n: int) -> dict:
    rng = random.Random(seed * 1_000_003 + i)
    sentences = lambda k: [rng.randrange(len(SENTENCES)) for _ in range(k)]
    blocks = []
    blocks.append(("p", sentences(rng.randint(3, 5))))
    headings = rng.sample(range(len(HEADINGS)), rng.randint(2, 4))
    table_at = rng.randrange(len(headings)) if rng.random() < 0.5 else -1
    code_at = rng.randrange(len(headings)) if rng.random() < 0.10 else -1
    for h, heading in enumerate(headings):
        blocks.append(("h2", heading))
        blocks.append(("p", sentences(rng.randint(2, 4))))
        r = rng.random()
        if r < 0.4:
            blocks.append(("ul", sentences(rng.randint(3, 5))))
        elif r < 0.6:
            blocks.append(("ol", sentences(rng.randint(3, 4))))
        if h == table_at:
            items = rng.sample(range(len(TABLE_ITEMS)), rng.randint(3, 5))
            rows = [(it, rng.randint(20, 900), rng.randint(1, 40)) for it in items]
            blocks.append(("table", rows))
        if h == code_at:
            blocks.append(("code", rng.randrange(len(CODE_SNIPPETS))))
    others = [j for j in (rng.randrange(n) for _ in range(rng.randint(2, 3))) if j != i]
    if others:
        blocks.append(("links", sorted(set(others))))
    # Page i always carries tag i mod 200, so that from 200 pages on every tag is used.
    first = i % len(TAGS)
    pool = [t for t in range(len(TAGS)) if t != first]
    tags = sorted([first, *rng.sample(pool, rng.randint(1, 4))])
    description = rng.randrange(len(SENTENCES))
    return {"blocks": blocks, "tags": tags, "description": description}


def link_target(tool: str, from_section: int, j: int) -> str:
    if tool == "greenprint":
        # The default-language source file, relative to the page.
        return f"../{section_slug(page_section(j))}/{page_slug(j)}.md"
    return '{{< relref "/%s/%s.md" >}}' % (section_slug(page_section(j)), page_slug(j))


def render_body(structure: dict, lang: str, tool: str, i: int) -> str:
    li = 0 if lang == "zh" else 1
    sep = "" if lang == "zh" else " "
    out = []
    for kind, value in structure["blocks"]:
        if kind == "p":
            out.append(sep.join(SENTENCES[s][li] for s in value))
        elif kind == "h2":
            out.append("## " + HEADINGS[value][li])
        elif kind == "ul":
            out.append("\n".join("- " + SENTENCES[s][li] for s in value))
        elif kind == "ol":
            out.append("\n".join(f"{k + 1}. " + SENTENCES[s][li] for k, s in enumerate(value)))
        elif kind == "table":
            if lang == "zh":
                head = "| 电器 | 每年节电（千瓦时） | 节省费用（元） |"
            else:
                head = "| Appliance | Saved per year (kWh) | Saved (yuan) |"
            rows = [head, "|---|---:|---:|"]
            for item, kwh, yuan in value:
                rows.append(f"| {TABLE_ITEMS[item][li]} | {kwh} | {yuan * 10} |")
            out.append("\n".join(rows))
        elif kind == "code":
            language, lines = CODE_SNIPPETS[value]
            out.append(f"```{language}\n" + "\n".join(lines) + "\n```")
        elif kind == "links":
            links = [f"[{page_title(j, lang)}]({link_target(tool, page_section(i), j)})" for j in value]
            if lang == "zh":
                out.append("相关阅读：" + "、".join(links) + "。")
            else:
                out.append("See also: " + ", ".join(links) + ".")
    return "\n\n".join(out) + "\n"


def yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(fields: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n"


class Writer:
    def __init__(self) -> None:
        self.count = 0

    def write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        self.count += 1


# ---------------------------------------------------------------------------------------------
# Content, the same for both tools (apart from the link syntax).


def write_content(w: Writer, root: Path, tool: str, n: int, seed: int) -> None:
    content = root / "content"
    suffix = {"zh": ".md", "en": ".en.md"}
    home = {
        "zh": ("节能降碳，绿色生活", "这是一个用来测量构建速度的示例网站，内容是关于节约能源的中文文章及其英文译文。"),
        "en": ("Save energy, live green", "A sample site for measuring build speed: articles on saving energy in Chinese, with their English translations."),
    }
    for lang in ("zh", "en"):
        title, text = home[lang]
        w.write(content / f"_index{suffix[lang]}", front_matter([("title", yaml_str(title))]) + text + "\n")
        for s, topic in enumerate(SECTION_TOPICS):
            li = 0 if lang == "zh" else 1
            intro = SENTENCES[s][li]
            w.write(
                content / section_slug(s) / f"_index{suffix[lang]}",
                front_matter([
                    ("title", yaml_str(topic[li])),
                    ("description", yaml_str(intro)),
                    ("weight", str(s + 1)),
                ]) + intro + "\n",
            )
    for i in range(n):
        structure = page_structure(seed, i, n)
        tags = "[" + ", ".join(TAGS[t][0] for t in structure["tags"]) + "]"
        for lang in ("zh", "en"):
            li = 0 if lang == "zh" else 1
            fm = front_matter([
                ("title", yaml_str(page_title(i, lang))),
                ("description", yaml_str(SENTENCES[structure["description"]][li])),
                ("weight", str(page_weight(i))),
                ("tags", tags),
            ])
            body = render_body(structure, lang, tool, i)
            w.write(content / section_slug(page_section(i)) / f"{page_slug(i)}{suffix[lang]}", fm + "\n" + body)


UI_STRINGS = {
    "zh": {
        "main_navigation": "主导航",
        "choose_language": "选择语言",
        "tags": "标签",
        "taxonomy_tags": "标签",
        "sections": "栏目",
        "pages_in_section": "本栏目文章",
        "pages_with_tag": "带有此标签的文章",
        "not_found_title": "找不到这个页面",
        "not_found_text": "这个页面不存在，或者已经移走。",
        "back_home": "返回首页",
        "sitemap": "网站地图",
    },
    "en": {
        "main_navigation": "Main navigation",
        "choose_language": "Choose a language",
        "tags": "Tags",
        "taxonomy_tags": "Tags",
        "sections": "Sections",
        "pages_in_section": "Articles in this section",
        "pages_with_tag": "Articles with this tag",
        "not_found_title": "Page not found",
        "not_found_text": "This page does not exist, or it has moved.",
        "back_home": "Back to the home page",
        "sitemap": "Sitemap",
    },
}

MAIN_CSS = """\
:root { --green: #1d6b3b; --text: #1a1a1a; --muted: #5a5a5a; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", sans-serif; color: var(--text); line-height: 1.7; }
header { background: var(--green); color: #fff; padding: .75rem 1rem; }
header a { color: #fff; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; padding: 0; }
nav a[aria-current] { font-weight: bold; text-decoration: underline; }
.lang-switch { float: right; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
.tags { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; }
.tags a { background: #e6f2ea; border-radius: 1rem; padding: 0 .6rem; text-decoration: none; }
.list li { margin-bottom: .75rem; }
.list p { margin: 0; color: var(--muted); }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; }
pre { overflow-x: auto; background: #f6f8fa; padding: .75rem; }
footer { border-top: 1px solid #ddd; padding: 1rem; color: var(--muted); text-align: center; }
"""

CODE_CSS_HUGO = """\
.chroma { background: #f6f8fa; }
.chroma .k { color: #a71d5d; }
.chroma .s, .chroma .s1, .chroma .s2 { color: #183691; }
.chroma .c, .chroma .c1 { color: #969896; font-style: italic; }
.chroma .m, .chroma .mi { color: #0086b3; }
"""


def ui_yaml(lang: str) -> str:
    return "".join(f"{k}: {yaml_str(v)}\n" for k, v in UI_STRINGS[lang].items())


# ---------------------------------------------------------------------------------------------
# greenprint


GP_SITE_YAML = """\
title: {zh: 节能降碳, en: Saving Energy}
description: {zh: "节约能源的中文文章及其英文译文。", en: "Articles on saving energy, in Chinese and English."}
publisher: {zh: 基准测试, en: Benchmark}
base_url: https://bench.example.org
default_language: zh
languages:
  - {code: zh, name: 中文, html_lang: zh-Hans}
  - {code: en, name: English}
theme: bench
taxonomies:
  - name: tags
# Search is on, as it is by default; bench/run.sh turns it off to compare with Hugo alone.
build:
  search: true
"""

GP_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="{{ html_lang }}" dir="{{ dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if title == site.title %}{{ site.title }}{% else %}{{ title }} · {{ site.title }}{% endif %}</title>
<meta name="description" content="{{ description }}">
<link rel="canonical" href="{{ permalink }}">
<link rel="stylesheet" href="{{ asset(name='css/main.css') }}">
{% if has_code %}<link rel="stylesheet" href="{{ asset(name='css/code.css') }}">
{% endif %}</head>
<body>
<header>
  <a class="brand" href="{{ home_url }}">{{ site.title }}</a>
  <nav class="lang-switch" aria-label="{{ t(key='choose_language') }}"><ul>
  {% for tr in translations %}<li>{% if tr.current %}<span aria-current="true" lang="{{ tr.html_lang }}">{{ tr.name }}</span>{% else %}<a href="{{ tr.url }}" hreflang="{{ tr.html_lang }}" lang="{{ tr.html_lang }}">{{ tr.name }}</a>{% endif %}</li>
  {% endfor %}</ul></nav>
  <nav class="site-nav" aria-label="{{ t(key='main_navigation') }}"><ul>
  {% for item in nav %}<li><a href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>{{ item.title }}</a></li>
  {% endfor %}</ul></nav>
</header>
<main data-pagefind-body>
{% block main %}{% endblock main %}
</main>
<footer><p>{{ site.title }} · <a href="/sitemap.xml">{{ t(key="sitemap") }}</a></p></footer>
</body>
</html>
""",
    # The search page (/search/, /en/search/): what a theme needs for the index to be built.
    "search.html": """\
{% extends "base.html" %}
{% block main %}<h1>{{ title }}</h1>{% endblock main %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
{% if page.terms.tags %}<ul class="tags" aria-label="{{ t(key='tags') }}">{% for term in page.terms.tags %}<li><a href="{{ term.url }}">{{ term.label }}</a></li>{% endfor %}</ul>{% endif %}
<div class="prose">{{ content }}</div>
</article>
{% endblock main %}
""",
    "section.html": """\
{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
<div class="prose">{{ content }}</div>
<h2>{{ t(key="pages_in_section") }} ({{ pages | length }})</h2>
<ul class="list">
{% for item in pages %}<li><a href="{{ item.url }}">{{ item.title }}</a>{% if item.description %}<p>{{ item.description }}</p>{% endif %}</li>
{% endfor %}</ul>
{% endblock main %}
""",
    "index.html": """\
{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
<div class="prose">{{ content }}</div>
<h2>{{ t(key="sections") }}</h2>
<ul class="list">
{% for item in subsections %}<li><a href="{{ item.url }}">{{ item.title }}</a>{% if item.description %}<p>{{ item.description }}</p>{% endif %}</li>
{% endfor %}</ul>
{% endblock main %}
""",
    "taxonomy.html": """\
{% extends "base.html" %}
{% block main %}
<h1>{{ title }}</h1>
<ul class="tags">
{% for term in terms %}<li><a href="{{ term.url }}">{{ term.label }}</a> ({{ term.count }})</li>
{% endfor %}</ul>
{% endblock main %}
""",
    "term.html": """\
{% extends "base.html" %}
{% block main %}
<h1>{{ term.label }} ({{ pages | length }})</h1>
<h2>{{ t(key="pages_with_tag") }}</h2>
<ul class="list">
{% for item in pages %}<li><a href="{{ item.url }}">{{ item.title }}</a>{% if item.description %}<p>{{ item.description }}</p>{% endif %}</li>
{% endfor %}</ul>
{% endblock main %}
""",
    "404.html": """\
{% extends "base.html" %}
{% block main %}
<h1>{{ t(key="not_found_title") }}</h1>
<p>{{ t(key="not_found_text") }}</p>
<p><a href="{{ home_url }}">{{ t(key="back_home") }}</a></p>
{% endblock main %}
""",
}


def used_tags(n: int, seed: int) -> list[tuple[str, str, str]]:
    """The tags some page carries, sorted by id (the order of Hugo's .Data.Terms.Alphabetical,
    so that both tools list them alike); only they get term pages, in either tool."""
    used = set()
    for i in range(n):
        used.update(page_structure(seed, i, n)["tags"])
    return sorted(TAGS[t] for t in used)


def write_greenprint(w: Writer, root: Path, n: int, seed: int) -> None:
    w.write(root / "site.yaml", GP_SITE_YAML)
    terms = ["# Labels of the tags, in both languages.\n", "tags:\n"]
    for tid, zh, en in used_tags(n, seed):
        terms.append(f"  {tid}: {{zh: {yaml_str(zh)}, en: {yaml_str(en)}}}\n")
    w.write(root / "data" / "terms.yaml", "".join(terms))
    theme = root / "themes" / "bench"
    for name, text in GP_TEMPLATES.items():
        w.write(theme / "templates" / name, text)
    for lang in ("zh", "en"):
        w.write(theme / "i18n" / f"{lang}.yaml", ui_yaml(lang))
    w.write(theme / "assets" / "css" / "main.css", MAIN_CSS)
    write_content(w, root, "greenprint", n, seed)


# ---------------------------------------------------------------------------------------------
# Hugo


HUGO_TOML = """\
baseURL = "https://bench.example.org/"
title = "节能降碳"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = false
disableKinds = []
enableRobotsTXT = true

[taxonomies]
tag = "tags"

[pagination]
pagerSize = 1000000

[markup.highlight]
noClasses = false

[markup.goldmark.parser]
autoHeadingID = true

[languages.zh]
weight = 1
locale = "zh-Hans"
label = "中文"
title = "节能降碳"
[languages.zh.params]
description = "节约能源的中文文章及其英文译文。"

[languages.en]
weight = 2
locale = "en"
label = "English"
title = "Saving Energy"
[languages.en.params]
description = "Articles on saving energy, in Chinese and English."
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Locale }}" dir="{{ or site.Language.Direction "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if eq .Title site.Title }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with resources.Get "css/main.css" | fingerprint }}<link rel="stylesheet" href="{{ .RelPermalink }}">{{ end }}
{{ if strings.Contains .Content "<pre" }}{{ with resources.Get "css/code.css" | fingerprint }}<link rel="stylesheet" href="{{ .RelPermalink }}">
{{ end }}{{ end }}</head>
<body>
<header>
  <a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
  <nav class="lang-switch" aria-label="{{ T "choose_language" }}"><ul>
  {{ range .AllTranslations }}<li>{{ if eq .Language.Lang $.Language.Lang }}<span aria-current="true" lang="{{ .Language.Locale }}">{{ .Language.Label }}</span>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Locale }}" lang="{{ .Language.Locale }}">{{ .Language.Label }}</a>{{ end }}</li>
  {{ end }}</ul></nav>
  <nav class="site-nav" aria-label="{{ T "main_navigation" }}"><ul>
  {{ $current := .RelPermalink }}{{ range partialCached "sections.html" . site.Language.Lang }}<li><a href="{{ .RelPermalink }}"{{ if hasPrefix $current .RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
  {{ end }}</ul></nav>
</header>
<main data-pagefind-body>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }} · <a href="/sitemap.xml">{{ T "sitemap" }}</a></p></footer>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .GetTerms "tags" }}<ul class="tags" aria-label="{{ T "tags" }}">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
<div class="prose">{{ .Content }}</div>
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<h2>{{ T "pages_in_section" }} ({{ len .Pages }})</h2>
<ul class="list">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ end }}
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<h2>{{ T "sections" }}</h2>
<ul class="list">
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="tags">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }} ({{ len .Pages }})</h1>
<h2>{{ T "pages_with_tag" }}</h2>
<ul class="list">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ end }}
""",
    # site.Sections walks the page tree on every call: computed once per language, as Hugo's
    # documentation advises for what does not depend on the page (without it, the navigation
    # alone makes a 10,000-page build take minutes).
    "_partials/sections.html": """\
{{ return site.Sections }}
""",
    "404.html": """\
{{ define "main" }}
<h1>{{ T "not_found_title" }}</h1>
<p>{{ T "not_found_text" }}</p>
<p><a href="{{ site.Home.RelPermalink }}">{{ T "back_home" }}</a></p>
{{ end }}
""",
}


def write_hugo(w: Writer, root: Path, n: int, seed: int) -> None:
    w.write(root / "hugo.toml", HUGO_TOML)
    for name, text in HUGO_LAYOUTS.items():
        w.write(root / "layouts" / name, text)
    for lang in ("zh", "en"):
        w.write(root / "i18n" / f"{lang}.yaml", ui_yaml(lang))
    w.write(root / "assets" / "css" / "main.css", MAIN_CSS)
    w.write(root / "assets" / "css" / "code.css", CODE_CSS_HUGO)
    # Term labels, as greenprint's data/terms.yaml gives them: a page per term and language.
    w.write(root / "content" / "tags" / "_index.md", front_matter([("title", yaml_str(UI_STRINGS["zh"]["taxonomy_tags"]))]))
    w.write(root / "content" / "tags" / "_index.en.md", front_matter([("title", yaml_str(UI_STRINGS["en"]["taxonomy_tags"]))]))
    for tid, zh, en in used_tags(n, seed):
        w.write(root / "content" / "tags" / tid / "_index.md", front_matter([("title", yaml_str(zh))]))
        w.write(root / "content" / "tags" / tid / "_index.en.md", front_matter([("title", yaml_str(en))]))
    write_content(w, root, "hugo", n, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="pages per language")
    parser.add_argument("--out", type=Path, required=True, help="folder to write greenprint/ and hugo/ into")
    parser.add_argument("--seed", type=int, default=20240605)
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("--pages must be at least 1")
    w = Writer()
    for tool, write in (("greenprint", write_greenprint), ("hugo", write_hugo)):
        root = args.out / tool
        if root.exists():
            shutil.rmtree(root)
        write(w, root, args.pages, args.seed)
    print(f"wrote {w.count} files for {args.pages} pages per language into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
