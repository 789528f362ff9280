"""Reference lists for the bad-faith screening: widely known brand names and the names of
public figures and events that were the subject of bad-faith filings.

Source and standing: the brand names are facts (the names under which well-known Chinese and
international businesses trade), gathered from public knowledge of the market; the list is NOT
a list of marks recognised as well known under Trademark Law Art. 13-14 (those are the
register's `well_known` marks) and gives no right to anyone. It helps the examiner see a
filing that takes a famous name. An office adds or replaces entries with a file (see
`ipoffice.trademarks.famous`).

One entry a line: `Chinese name|English name|flags`. Either name may be empty. Flag `common`:
the name is also an ordinary word (长城, Apple, Shell): a filing that matches it is listed for
the examiner but not counted as a copy, since the word may be used honestly for other goods.

The public figures and events are examples of names CNIPA or the courts dealt with as
bad-faith filings (announcements on epidemic-related filings, 2020; on Olympic athletes, 2021
and 2022; the 乔丹 case, Supreme People's Court, 2016); the details are marked verify.
"""

from __future__ import annotations

BRANDS_SOURCE = (
    "widely known brand names (public knowledge of the market); not a list of recognised "
    "well-known marks"
)
FIGURES_SOURCE = (
    "examples of names subject to bad-faith filings: CNIPA announcements 2020 (epidemic), "
    "2021 (Tokyo Olympics), 2022 (Beijing Winter Olympics); Supreme People's Court 2016 "
    "(乔丹) — verify"
)

BRANDS = """
华为|Huawei|
小米|Xiaomi|common
联想|Lenovo|
海尔|Haier|
格力|Gree|
美的|Midea|common
长虹|Changhong|
海信|Hisense|
|TCL|
康佳|Konka|
创维|Skyworth|
格兰仕|Galanz|
九阳|Joyoung|
苏泊尔|Supor|
方太|Fotile|
老板电器|Robam|
奥克斯|AUX|
比亚迪|BYD|
吉利|Geely|common
长城汽车|Great Wall Motor|
奇瑞|Chery|
红旗|Hongqi|common
长安汽车|Changan|
蔚来|NIO|
小鹏汽车|Xpeng|
理想汽车|Li Auto|
宇通|Yutong|
福田汽车|Foton|
一汽|FAW|
东风|Dongfeng|common
上汽|SAIC|
宁德时代|CATL|
大疆|DJI|
中兴|ZTE|
|OPPO|
|vivo|
一加|OnePlus|
魅族|Meizu|
荣耀|Honor|common
腾讯|Tencent|
微信|WeChat|
阿里巴巴|Alibaba|
淘宝|Taobao|
天猫|Tmall|
支付宝|Alipay|
京东|JD.com|
百度|Baidu|
抖音|Douyin|
今日头条|Toutiao|
字节跳动|ByteDance|
拼多多|Pinduoduo|
美团|Meituan|
饿了么|Eleme|
滴滴|DiDi|
携程|Ctrip|
网易|NetEase|
新浪|Sina|
微博|Weibo|
搜狐|Sohu|
快手|Kuaishou|
哔哩哔哩|Bilibili|
小红书|Xiaohongshu|
爱奇艺|iQIYI|
优酷|Youku|
茅台|Moutai|
五粮液|Wuliangye|
泸州老窖|Luzhou Laojiao|
汾酒|Fenjiu|
洋河|Yanghe|
剑南春|Jiannanchun|
郎酒|Langjiu|
青岛啤酒|Tsingtao|
雪花啤酒|Snow Beer|
燕京啤酒|Yanjing|
哈尔滨啤酒|Harbin Beer|
娃哈哈|Wahaha|
农夫山泉|Nongfu Spring|
康师傅|Master Kong|
统一|Uni-President|common
王老吉|Wong Lo Kat|
加多宝|JDB|
元气森林|Genki Forest|
蒙牛|Mengniu|
伊利|Yili|
光明乳业|Bright Dairy|
三元|Sanyuan|common
君乐宝|Junlebao|
飞鹤|Feihe|
旺旺|Want Want|
达利园|Daliyuan|
三只松鼠|Three Squirrels|
良品铺子|Bestore|
百草味|Baicaowei|
洽洽|ChaCheer|
卫龙|Weilong|
老干妈|Lao Gan Ma|
海天|Haday|
李锦记|Lee Kum Kee|
金龙鱼|Arawana|
福临门|Fortune|
鲁花|Luhua|
双汇|Shuanghui|
雨润|Yurun|
三全|Synear|
思念|Sinian|common
湾仔码头|Wanchai Ferry|
全聚德|Quanjude|
狗不理|Goubuli|
稻香村|Daoxiangcun|
东阿阿胶|Dong-E-E-Jiao|
同仁堂|Tongrentang|
云南白药|Yunnan Baiyao|
片仔癀|Pien Tze Huang|
三九|999|common
白云山|Baiyunshan|
六神|Liushen|
佰草集|Herborist|
百雀羚|Pechoin|
自然堂|Chando|
完美日记|Perfect Diary|
花西子|Florasis|
大宝|Dabao|common
蜂花|Fenghua|
立白|Liby|
蓝月亮|Bluemoon|
纳爱斯|Nice Group|
雕牌|Diaopai|
李宁|Li-Ning|
安踏|Anta|
特步|Xtep|
|361°|
匹克|Peak Sport|
鸿星尔克|Erke|
回力|Warrior|
飞跃|Feiyue|common
波司登|Bosideng|
雅戈尔|Youngor|
海澜之家|HLA|
七匹狼|Septwolves|
恒源祥|Hengyuanxiang|
罗莱|Luolai|
太平鸟|Peacebird|
美特斯邦威|Metersbonwe|
森马|Semir|
周大福|Chow Tai Fook|
老凤祥|Lao Feng Xiang|
周生生|Chow Sang Sang|
六福珠宝|Luk Fook|
中国银行|Bank of China|
工商银行|ICBC|
建设银行|CCB|
招商银行|China Merchants Bank|
中国平安|Ping An|
中国人寿|China Life|
中国国航|Air China|
东方航空|China Eastern|
南方航空|China Southern|
海南航空|Hainan Airlines|
中国移动|China Mobile|
中国联通|China Unicom|
中国电信|China Telecom|
中石化|Sinopec|
中石油|PetroChina|
国家电网|State Grid|
顺丰|SF Express|
中通快递|ZTO Express|
圆通|YTO Express|
申通|STO Express|
韵达|Yunda|
京东方|BOE|
海康威视|Hikvision|
大华股份|Dahua|
如家|Home Inns|
锦江|Jinjiang|
华住|Huazhu|
海底捞|Haidilao|
喜茶|HEYTEA|
奈雪的茶|Nayuki|
蜜雪冰城|Mixue|
瑞幸|Luckin Coffee|
茶颜悦色|Sexy Tea|
西贝莜面村|Xibei|
呷哺呷哺|Xiabuxiabu|
真功夫|Kungfu|
杏花楼|Xinghualou|
冠生园|Guanshengyuan|
大白兔|White Rabbit|
六必居|Liubiju|
王致和|Wangzhihe|
张小泉|Zhang Xiaoquan|
英雄|Hero|common
永久|Forever|common
凤凰|Phoenix|common
飞鸽|Flying Pigeon|
海鸥|Seagull|common
红双喜|Double Happiness|
中华|Chunghwa|common
玉溪|Yuxi|common
芙蓉王|Furongwang|
黄鹤楼|Yellow Crane Tower|common
万科|Vanke|
碧桂园|Country Garden|
恒大|Evergrande|
万达|Wanda|
苏宁|Suning|
国美|Gome|
红星美凯龙|Red Star Macalline|
居然之家|Easyhome|
新东方|New Oriental|
好未来|TAL|
得力|Deli|
晨光文具|M&G Stationery|
三一重工|Sany|
中联重科|Zoomlion|
徐工|XCMG|
柳工|LiuGong|
潍柴|Weichai|
玉柴|Yuchai|
金蝶|Kingdee|
用友|Yonyou|
金山|Kingsoft|common
科大讯飞|iFlytek|
奇虎|Qihoo 360|
商汤|SenseTime|
旷视|Megvii|
泡泡玛特|Pop Mart|
名创优品|Miniso|
苹果|Apple|common
微软|Microsoft|
谷歌|Google|
亚马逊|Amazon|
脸书|Facebook|
|Instagram|
|WhatsApp|
油管|YouTube|
推特|Twitter|
|TikTok|
奈飞|Netflix|
英特尔|Intel|
|AMD|
英伟达|Nvidia|
高通|Qualcomm|
|IBM|
甲骨文|Oracle|common
思科|Cisco|
戴尔|Dell|
惠普|Hewlett-Packard|
三星|Samsung|
|LG|
索尼|Sony|
松下|Panasonic|
东芝|Toshiba|
日立|Hitachi|
夏普|Sharp|common
佳能|Canon|
尼康|Nikon|
富士胶片|Fujifilm|
奥林巴斯|Olympus|
卡西欧|Casio|
任天堂|Nintendo|
飞利浦|Philips|
西门子|Siemens|
博世|Bosch|
戴森|Dyson|
伊莱克斯|Electrolux|
惠而浦|Whirlpool|
诺基亚|Nokia|
爱立信|Ericsson|
摩托罗拉|Motorola|
罗技|Logitech|
施乐|Xerox|
爱普生|Epson|
丰田|Toyota|
本田|Honda|
日产|Nissan|
马自达|Mazda|
斯巴鲁|Subaru|
三菱|Mitsubishi|
雷克萨斯|Lexus|
大众汽车|Volkswagen|
奥迪|Audi|
宝马|BMW|
奔驰|Mercedes-Benz|
保时捷|Porsche|
法拉利|Ferrari|
兰博基尼|Lamborghini|
玛莎拉蒂|Maserati|
宾利|Bentley|
劳斯莱斯|Rolls-Royce|
捷豹|Jaguar|common
路虎|Land Rover|
沃尔沃|Volvo|
福特|Ford|
雪佛兰|Chevrolet|
别克|Buick|
凯迪拉克|Cadillac|
特斯拉|Tesla|
吉普|Jeep|
现代汽车|Hyundai|
起亚|Kia|
标致|Peugeot|
雪铁龙|Citroen|
雷诺|Renault|
菲亚特|Fiat|
米其林|Michelin|
普利司通|Bridgestone|
固特异|Goodyear|
哈雷戴维森|Harley-Davidson|
雅马哈|Yamaha|
波音|Boeing|
空客|Airbus|
可口可乐|Coca-Cola|
百事可乐|Pepsi|
雪碧|Sprite|
芬达|Fanta|
雀巢|Nestle|
星巴克|Starbucks|
麦当劳|McDonald's|
肯德基|KFC|
汉堡王|Burger King|
必胜客|Pizza Hut|
赛百味|Subway|
咖世家|Costa Coffee|
哈根达斯|Haagen-Dazs|
德芙|Dove Chocolate|
玛氏|Mars|common
士力架|Snickers|
奥利奥|Oreo|
乐事|Lay's|
品客|Pringles|
家乐氏|Kellogg's|
亨氏|Heinz|
达能|Danone|
依云|Evian|
巴黎水|Perrier|
百威|Budweiser|
喜力|Heineken|
嘉士伯|Carlsberg|
科罗娜|Corona|common
健力士|Guinness|
尊尼获加|Johnnie Walker|
轩尼诗|Hennessy|
人头马|Remy Martin|
马爹利|Martell|
酩悦|Moet & Chandon|
拉菲|Lafite|
绝对伏特加|Absolut|
芝华士|Chivas Regal|
杰克丹尼|Jack Daniel's|
立顿|Lipton|
麦斯威尔|Maxwell House|
费列罗|Ferrero|
健达|Kinder|
吉百利|Cadbury|
好时|Hershey's|
瑞士莲|Lindt|
歌帝梵|Godiva|
箭牌|Wrigley|
纯果乐|Tropicana|
佳得乐|Gatorade|
红牛|Red Bull|
魔爪|Monster Energy|
养乐多|Yakult|
味之素|Ajinomoto|
日清|Nissin|
格力高|Glico|
百奇|Pocky|
明治|Meiji|common
卡乐比|Calbee|
达美乐|Domino's|
唐恩都乐|Dunkin'|
耐克|Nike|
阿迪达斯|Adidas|
彪马|Puma|
锐步|Reebok|
新百伦|New Balance|
匡威|Converse|
范斯|Vans|
安德玛|Under Armour|
亚瑟士|ASICS|
美津浓|Mizuno|
斐乐|Fila|
露露乐蒙|Lululemon|
北面|The North Face|
哥伦比亚|Columbia Sportswear|
巴塔哥尼亚|Patagonia|
添柏岚|Timberland|
斯凯奇|Skechers|
优衣库|Uniqlo|
飒拉|Zara|
|H&M|
盖璞|Gap|common
李维斯|Levi's|
卡尔文克莱因|Calvin Klein|
汤米希尔费格|Tommy Hilfiger|
拉夫劳伦|Ralph Lauren|
鳄鱼|Lacoste|common
博柏利|Burberry|
古驰|Gucci|
普拉达|Prada|
路易威登|Louis Vuitton|
香奈儿|Chanel|
爱马仕|Hermes|
迪奥|Dior|
纪梵希|Givenchy|
范思哲|Versace|
阿玛尼|Armani|
芬迪|Fendi|
巴黎世家|Balenciaga|
华伦天奴|Valentino|
杜嘉班纳|Dolce & Gabbana|
圣罗兰|Yves Saint Laurent|
思琳|Celine|
罗意威|Loewe|
葆蝶家|Bottega Veneta|
蔻驰|Coach|common
迈克高仕|Michael Kors|
凯特丝蓓|Kate Spade|
盟可睐|Moncler|
加拿大鹅|Canada Goose|
蒂芙尼|Tiffany|
卡地亚|Cartier|
宝格丽|Bvlgari|
梵克雅宝|Van Cleef & Arpels|
施华洛世奇|Swarovski|
潘多拉|Pandora|common
劳力士|Rolex|
欧米茄|Omega|common
浪琴|Longines|
天梭|Tissot|
斯沃琪|Swatch|
百达翡丽|Patek Philippe|
万国表|IWC|
泰格豪雅|TAG Heuer|
精工|Seiko|common
西铁城|Citizen|common
雷朋|Ray-Ban|
之宝|Zippo|
万宝龙|Montblanc|
派克|Parker|
欧莱雅|L'Oreal|
兰蔻|Lancome|
雅诗兰黛|Estee Lauder|
倩碧|Clinique|
|SK-II|
资生堂|Shiseido|
玉兰油|Olay|
妮维雅|Nivea|
美宝莲|Maybelline|
魅可|MAC Cosmetics|
丝芙兰|Sephora|
科颜氏|Kiehl's|
海蓝之谜|La Mer|
娇韵诗|Clarins|
娇兰|Guerlain|
雪花秀|Sulwhasoo|
悦诗风吟|Innisfree|
兰芝|Laneige|
雅芳|Avon|
安利|Amway|
康宝莱|Herbalife|
高露洁|Colgate|
佳洁士|Crest|
欧乐B|Oral-B|
海飞丝|Head & Shoulders|
潘婷|Pantene|
飘柔|Rejoice|
多芬|Dove|
力士|Lux|
舒肤佳|Safeguard|
吉列|Gillette|
汰渍|Tide|
碧浪|Ariel|
帮宝适|Pampers|
好奇纸尿裤|Huggies|
舒洁|Kleenex|
强生|Johnson & Johnson|
凡士林|Vaseline|
杜蕾斯|Durex|
沃尔玛|Walmart|
家乐福|Carrefour|
开市客|Costco|
宜家|IKEA|
乐购|Tesco|
麦德龙|Metro AG|
欧尚|Auchan|
|7-Eleven|
全家便利店|FamilyMart|
罗森|Lawson|
迪士尼|Disney|
漫威|Marvel|
皮克斯|Pixar|
凯蒂猫|Hello Kitty|
宝可梦|Pokemon|
乐高|Lego|
芭比|Barbie|
美泰|Mattel|
孩之宝|Hasbro|
希尔顿|Hilton|
万豪|Marriott|
喜来登|Sheraton|
凯悦|Hyatt|
香格里拉|Shangri-La|common
洲际酒店|InterContinental|
假日酒店|Holiday Inn|
维萨|Visa|
万事达|Mastercard|
美国运通|American Express|
贝宝|PayPal|
汇丰|HSBC|
花旗|Citibank|
高盛|Goldman Sachs|
瑞银|UBS|
联邦快递|FedEx|
|UPS|
敦豪|DHL|
优步|Uber|
爱彼迎|Airbnb|
壳牌|Shell|common
埃克森美孚|ExxonMobil|
卡特彼勒|Caterpillar|
|3M|
通用电气|General Electric|
霍尼韦尔|Honeywell|
施耐德|Schneider Electric|
|ABB|
辉瑞|Pfizer|
拜耳|Bayer|
罗氏|Roche|
诺华|Novartis|
阿斯利康|AstraZeneca|
默克|Merck|
葛兰素史克|GlaxoSmithKline|
赛诺菲|Sanofi|
雅培|Abbott|
美赞臣|Mead Johnson|
惠氏|Wyeth|
爱他美|Aptamil|
美素佳儿|Friso|
澳佳宝|Blackmores|
斯维诗|Swisse|
善存|Centrum|
|NBA|
"""

# Names of persons (and of events and their mascots) that were filed in bad faith.
FIGURES = """
乔丹|Michael Jordan|person
姚明|Yao Ming|person
钟南山|Zhong Nanshan|person
李兰娟|Li Lanjuan|person
李文亮|Li Wenliang|person
全红婵|Quan Hongchan|person
杨倩|Yang Qian|person
苏炳添|Su Bingtian|person
谷爱凌|Eileen Gu|person
苏翊鸣|Su Yiming|person
武大靖|Wu Dajing|person
火神山|Huoshenshan|event
雷神山|Leishenshan|event
冰墩墩|Bing Dwen Dwen|event
雪容融|Shuey Rhon Rhon|event
"""
