"""Chinese: the words the bot reads in Chinese messages (see :class:`ShopperWords`).

Chinese is written without spaces: its words and phrases are matched anywhere in a message.
"""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
ORDINALS: tuple[str, ...] = ()
NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9, "十": 10}  # fmt: skip
NUMBER_CUES: tuple[str, ...] = ()
ORDINAL_PREFIXES = ("第",)
COUNTERS = ("个", "件", "款", "项", "种", "样", "双", "条", "个商品")
NOT_ORDINAL_AFTER: tuple[str, ...] = ()
LAST_WORDS = ("最后一个", "最后一件", "最后一款", "最后那个", "最后那件", "最后一项", "最后")
ALL_WORDS: tuple[str, ...] = ()
ALL_PHRASES = ("全部", "所有", "都要", "都退", "两件都", "两个都", "全都", "整个订单")
POINTER_WORDS = ("的", "那个", "那件", "那款", "那双")
PRONOUNS: tuple[str, ...] = ()

# --- Questions about a product -------------------------------------------------------------
QUESTION_WORDS = {
    "rating": ("评分", "评价", "几星", "星级", "口碑", "好评"),
    "price": ("多少钱", "价格", "价钱", "售价", "贵不贵", "多贵", "便宜"),
    "materials": ("材质", "材料", "面料", "成分", "什么做的"),
    "colours": ("颜色", "配色"),
    "sizes": ("尺码", "尺寸", "码数", "大小", "码"),
    "stock": ("有货", "有没有货", "库存", "现货", "缺货", "卖完", "还有吗", "有吗"),
    "overview": ("详细", "介绍", "详情", "多说", "说说", "更多信息"),
    "question": ("吗", "呢", "是否", "能不能", "可不可以", "有没有", "是不是", "怎么样"),
}
FEATURES = {
    "防水": "waterproof", "防泼水": "water", "可水洗": "washable", "机洗": "washable",
    "透气": "breathable", "纯素": "vegan", "保暖": "warm", "轻便": "light", "轻": "light",
    "重量": "weight", "多重": "weight", "重": "heavy", "隔热": "insulated",
    "保温": "insulated", "有机": "organic", "回收": "recycled", "可折叠": "foldable",
    "折叠": "foldable", "可调节": "adjustable", "可充电": "rechargeable",
    "无线": "wireless", "洗碗机": "dishwasher", "防风": "windproof", "防滑": "non-slip",
    "容量": "capacity", "电池": "battery",
}  # fmt: skip
STOPWORDS: frozenset[str] = frozenset()
COLOURS: frozenset[str] = frozenset()
COLOUR_ALIASES: dict[str, str] = {}
SIZE_CUES = ("尺码", "码数")
SIZE_WORDS = {"小号": "S", "中号": "M", "大号": "L", "加大": "XL", "加大号": "XL"}
NOT_SIZE_AFTER: tuple[str, ...] = ()

# --- Ratings -------------------------------------------------------------------------------
RATING_NUMBERS: dict[str, int] = {}
OUT_OF = ("分之",)
RATING_UNITS = ("星", "分")
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "跳过",
    "略过",
    "不用",
    "不用了",
    "不用，谢谢",
    "不用了，谢谢",
    "不用了谢谢",
    "不了",
    "不了，谢谢",
    "不了谢谢",
    "算了",
    "不要",
    "下次吧",
    "下次",
    "以后再说",
    "不评",
    "不评价",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
    "max_before": ("低于", "不超过", "最多", "少于", "不到", "便宜于", "小于"),
    "min_before": ("高于", "超过", "至少", "多于", "大于"),
    "around_before": ("大约", "大概", "约"),
    "max_after": ("以下", "以内", "之内", "内"),
    "min_after": ("以上", "起"),
    "around_after": ("左右", "上下"),
    "between": ("介于", "在"), "between_joiners": ("和", "与", "到", "至"),
    "range_joiners": ("到", "至"), "between_after": ("之间",),
    "units": ("岁", "个月", "升", "毫升", "双", "件", "个", "寸", "英寸", "小时", "米", "厘米"),
    "size_cues": ("尺码", "码数", "号码"),
    "size_after": ("码", "号"),
    "stock": ("有货", "现货", "有库存", "库存"),
    "filler": ("我想要", "我想买", "我要", "我在找", "我想找", "请", "给我看看", "有没有", "你好"),
    "lead_ins": ("在",),
    "connectors": ("和", "或", "的"),
    "currencies": {"欧元": "EUR", "美元": "USD", "英镑": "GBP", "人民币": "CNY", "rmb": "CNY",
                   "cny": "CNY", "元": None, "块": None, "块钱": None},
    "colours": {"黑色": "black", "白色": "white", "灰色": "grey", "蓝色": "blue",
                "藏青色|海军蓝": "navy blue", "绿色": "green", "红色": "red", "粉色|粉红色": "pink",
                "紫色": "purple", "黄色": "yellow", "橙色": "orange", "棕色|咖啡色": "brown",
                "米色": "beige", "金色": "gold", "银色": "silver"},
}
# fmt: on
AUDIENCE_WORDS: tuple[str, ...] = ()
GLOSS_LINKS: tuple[str, ...] = ()
