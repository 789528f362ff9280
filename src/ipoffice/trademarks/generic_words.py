"""Words that say what a business is or sells, not whose it is: the generic part of a mark.

In examination practice a mark that takes another's mark whole and adds only such words
(the business form, the kind of shop, the trade or the place) is treated as similar to it: the
added words are not distinctive, the public reads the rest as the brand (商标审查审理指南, 2021:
文字商标 完整包含他人在先商标, 仅增加 缺乏显著特征的 文字). `华为` / `华为旗舰店`, `Apple` /
`Apple Store`. The list is data: each group carries its note; a word is only stripped at the
start or the end of a mark, never from its middle, and never when nothing else would remain.
"""

from __future__ import annotations

# (note, words). Han words are matched as substrings at a mark's ends, Latin words as words.
GENERIC_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "business form in a trade name (企业名称中的组织形式)",
        ("股份有限公司", "有限责任公司", "有限公司", "分公司", "公司", "集团", "控股",
         "实业", "企业", "工作室", "商行", "商号", "厂"),
    ),
    (
        "kind of shop or channel (店铺、渠道类型)",
        ("官方旗舰店", "旗舰店", "专卖店", "专营店", "直营店", "体验店", "官方", "官网",
         "便利店", "连锁", "超市", "商城", "商店", "商场", "网店", "福利社", "小铺", "门店",
         "专柜", "总店", "分店"),
    ),
    (
        "trade or industry (行业、经营范围)",
        ("科技", "技术", "信息", "网络", "电子", "电器", "物流", "快递", "贸易", "商贸",
         "工贸", "国际贸易", "食品", "饮品", "饮料", "餐饮", "服饰", "服装", "鞋业", "家居",
         "家具", "建材", "装饰", "文化", "传媒", "广告", "投资", "咨询", "管理", "服务",
         "教育", "培训", "医药", "药业", "生物", "化工", "机械", "设备", "汽车", "农业",
         "茶业", "酒业", "乳业", "制药", "美容", "美妆", "化妆品", "母婴", "童装", "女装",
         "男装"),
    ),
    (
        "place or reach (地域、范围)",
        ("中国", "国际", "全球", "中华"),
    ),
    (
        "English business form, shop kind or trade",
        ("store", "shop", "shops", "official", "tech", "technology", "technologies", "group",
         "co", "company", "ltd", "limited", "inc", "corp", "corporation", "llc", "plc",
         "gmbh", "international", "intl", "global", "china", "trading", "foods", "food",
         "online", "mall", "market", "holdings", "holding", "industries", "industry",
         "brand", "the", "boutique", "outlet", "studio", "club"),
    ),
)  # fmt: skip

GENERIC_HAN: tuple[str, ...] = tuple(
    sorted(
        {w for _, words in GENERIC_GROUPS for w in words if not w.isascii()},
        key=lambda w: (-len(w), w),
    )
)
GENERIC_LATIN: frozenset[str] = frozenset(
    w for _, words in GENERIC_GROUPS for w in words if w.isascii()
)
GENERIC_NOTE: dict[str, str] = {w: note for note, words in GENERIC_GROUPS for w in words}
