"""Word lists the demo composes realistic Chinese and English names and titles from."""

from __future__ import annotations

# (city, GB/T 2260 code of the city or district): real codes.
CITIES: list[tuple[str, str, str]] = [
    ("北京", "Beijing", "110108"),
    ("上海", "Shanghai", "310115"),
    ("深圳", "Shenzhen", "440300"),
    ("广州", "Guangzhou", "440100"),
    ("杭州", "Hangzhou", "330100"),
    ("南京", "Nanjing", "320100"),
    ("苏州", "Suzhou", "320500"),
    ("成都", "Chengdu", "510100"),
    ("武汉", "Wuhan", "420100"),
    ("西安", "Xi'an", "610100"),
    ("合肥", "Hefei", "340100"),
    ("长沙", "Changsha", "430100"),
]

BRAND_SYLLABLES: list[tuple[str, str]] = [
    ("华", "Hua"),
    ("瑞", "Rui"),
    ("中", "Zhong"),
    ("科", "Ke"),
    ("创", "Chuang"),
    ("新", "Xin"),
    ("腾", "Teng"),
    ("达", "Da"),
    ("联", "Lian"),
    ("智", "Zhi"),
    ("光", "Guang"),
    ("海", "Hai"),
    ("天", "Tian"),
    ("恒", "Heng"),
    ("博", "Bo"),
    ("源", "Yuan"),
    ("星", "Xing"),
    ("宇", "Yu"),
    ("德", "De"),
    ("信", "Xin"),
]

INDUSTRIES: list[tuple[str, str]] = [
    ("电子科技", "Electronic Technology"),
    ("新能源", "New Energy"),
    ("生物医药", "Biopharmaceutical"),
    ("智能装备", "Intelligent Equipment"),
    ("材料科技", "Materials Technology"),
    ("信息技术", "Information Technology"),
    ("汽车零部件", "Auto Parts"),
    ("农业科技", "Agricultural Technology"),
]

UNIVERSITIES: list[tuple[str, str, str]] = [
    ("华东理工大学", "East China University of Science and Technology", "310104"),
    ("西南交通大学", "Southwest Jiaotong University", "510100"),
    ("华中科技大学", "Huazhong University of Science and Technology", "420100"),
]

FOREIGN_COMPANIES: list[str] = [
    "Northwind Robotics Inc.",
    "Alpine Photonics GmbH",
    "Blue Harbor Medical Ltd.",
    "Kestrel Semiconductor Corp.",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"

# (Chinese, English) parts of invention titles.
FEATURES: list[tuple[str, str]] = [
    ("基于深度学习的", "deep-learning-based"),
    ("低功耗", "low-power"),
    ("高强度", "high-strength"),
    ("自适应", "adaptive"),
    ("可降解", "biodegradable"),
    ("多模态", "multimodal"),
    ("耐高温", "high-temperature-resistant"),
]
OBJECTS: list[tuple[str, str]] = [
    ("锂离子电池正极材料", "lithium-ion battery cathode material"),
    ("光伏组件清洗机器人", "photovoltaic module cleaning robot"),
    ("无人机避障系统", "drone obstacle avoidance system"),
    ("中药组合物", "traditional Chinese medicine composition"),
    ("智能手环心率监测", "smart wristband heart-rate monitoring"),
    ("新能源汽车充电桩", "electric vehicle charging pile"),
    ("水稻插秧机", "rice transplanter"),
    ("基站天线阵列", "base-station antenna array"),
    ("工业机器人关节减速器", "industrial robot joint reducer"),
    ("污水处理膜组件", "wastewater treatment membrane module"),
]
METHOD_SUFFIXES: list[tuple[str, str]] = [
    ("及其制备方法", "and preparation method thereof"),
    ("的控制方法及系统", "control method and system"),
    ("的检测方法", "detection method"),
    ("的故障诊断方法", "fault diagnosis method"),
]
DEVICE_SUFFIXES: list[tuple[str, str]] = [
    ("的散热结构", "heat dissipation structure"),
    ("的固定装置", "fixing device"),
    ("的连接组件", "connection assembly"),
    ("的防护壳体", "protective housing"),
]
DESIGN_PRODUCTS: list[tuple[str, str]] = [
    ("手机壳", "phone case"),
    ("台灯", "desk lamp"),
    ("茶叶包装盒", "tea packaging box"),
    ("电动牙刷", "electric toothbrush"),
    ("蓝牙音箱", "Bluetooth speaker"),
    ("儿童座椅", "child seat"),
]
# (Chinese, English) words a brand adds to its name.
MARK_SUFFIXES: list[tuple[str, str]] = [
    ("", ""),
    ("", ""),
    ("优选", "Select"),
    ("之家", "Home"),
    ("LAB", "LAB"),
    ("GO", "GO"),
]

# Technical features per subject, (Chinese, English), for claims and prior-art abstracts.
ELEMENTS: dict[str, list[tuple[str, str]]] = {
    "锂离子电池正极材料": [
        ("镍钴锰三元前驱体", "nickel-cobalt-manganese ternary precursor"),
        ("碳包覆层", "carbon coating layer"),
        ("铝掺杂", "aluminium doping"),
        ("高温固相烧结", "high-temperature solid-phase sintering"),
        ("球形颗粒", "spherical particles"),
        ("锂盐混合", "lithium salt mixing"),
    ],
    "光伏组件清洗机器人": [
        ("行走机构", "travelling mechanism"),
        ("滚刷清洁组件", "roller brush cleaning assembly"),
        ("雨水收集箱", "rainwater collection tank"),
        ("太阳能供电模块", "solar power supply module"),
        ("边缘检测传感器", "edge detection sensor"),
        ("无线通信模块", "wireless communication module"),
    ],
    "无人机避障系统": [
        ("毫米波雷达", "millimetre-wave radar"),
        ("双目摄像头", "binocular camera"),
        ("飞行控制器", "flight controller"),
        ("障碍物识别模型", "obstacle recognition model"),
        ("航迹重规划模块", "path replanning module"),
        ("超声波测距传感器", "ultrasonic ranging sensor"),
    ],
    "智能手环心率监测": [
        ("光电容积脉搏波传感器", "photoplethysmography sensor"),
        ("加速度传感器", "acceleration sensor"),
        ("运动伪影滤除算法", "motion artefact filtering algorithm"),
        ("低功耗蓝牙模块", "Bluetooth low energy module"),
        ("柔性电路板", "flexible circuit board"),
        ("心率异常报警单元", "abnormal heart rate alarm unit"),
    ],
    "新能源汽车充电桩": [
        ("充电枪", "charging gun"),
        ("交直流转换模块", "AC-DC conversion module"),
        ("液冷散热系统", "liquid cooling system"),
        ("计费控制单元", "billing control unit"),
        ("绝缘监测装置", "insulation monitoring device"),
        ("触摸显示屏", "touch display screen"),
    ],
    "工业机器人关节减速器": [
        ("谐波减速机构", "harmonic reduction mechanism"),
        ("柔轮", "flexspline"),
        ("交叉滚子轴承", "crossed roller bearing"),
        ("编码器", "encoder"),
        ("密封端盖", "sealing end cover"),
        ("润滑油路", "lubricating oil passage"),
    ],
}
