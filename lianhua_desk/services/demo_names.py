"""The demo's fictional people: name pools and mobiles, drawn from a given generator."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉宇晨欣怡子涵浩然梓轩雨婷佳琪俊杰晓峰海燕春梅永红立新"
CLERKS = ("陈晓敏", "林佳怡", "黄志文", "周雨婷")


def person(r: random.Random) -> str:
    given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
    return r.choice(SURNAMES) + given


def mobile(r: random.Random) -> str:
    return (
        r.choice(("138", "139", "135", "186", "189", "177", "150"))
        + f"{r.randint(0, 99999999):08d}"
    )
