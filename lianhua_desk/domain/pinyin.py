"""Chinese text in pinyin order, as WPS and Excel sort it on a Chinese PC.

Character by character, each by itself (as Excel does: no phrase context): a Chinese
character by its common reading (letters, then tone 1–4, 5 for the neutral tone),
equal readings by stroke count, then by code point; 万 (wan) before 王 (wang), 陈
(chen) before 程 (cheng). Other characters come before Chinese ones: punctuation and
symbols, then digits, then Latin letters (case folded).

`sort_key` turns a text into a string whose plain code-point order (SQLite's BINARY
collation) is that order: per character a self-delimiting piece, so that comparing two
keys compares the characters' pieces one after the other, and a text sorts before its
own continuations (王 before 王小明). Only the first KEY_CHARS characters count (the
database computes the same key in SQL, store/schema_sync.py; ties keep entry order).

In a person's name the surname is read as a surname (单 shan, 曾 zeng, 解 xie …), at
the start and after each 、 (a case joins its parties' names with 、).

`initials` and `spelled` are what the search box matches: 王小明 → "wxm",
"wangxiaoming".
"""

from __future__ import annotations

import base64
import functools
import zlib

# Raise when a piece's format or the readings change: stored keys are then refilled.
KEY_VERSION = 1
KEY_CHARS = 16  # characters of a text that its key orders by

# Surnames read otherwise than the character's common reading (TONE3 syllables).
SURNAMES: dict[str, str] = {
    "单": "shan4",
    "曾": "zeng1",
    "解": "xie4",
    "仇": "qiu2",
    "区": "ou1",
    "朴": "piao2",
    "查": "zha1",
    "覃": "qin2",
    "盖": "ge3",
    "乐": "yue4",
    "召": "shao4",
    "缪": "miao4",
    "翟": "zhai2",
    "秘": "bi4",
    "种": "chong2",
    "繁": "po2",
    "员": "yun4",
    "折": "she2",
    "葛": "ge3",
    "柏": "bai3",
    "宿": "su4",
    "任": "ren2",
    "华": "hua4",
    "纪": "ji3",
    "过": "guo1",
    "褚": "chu3",
    "阚": "kan4",
    "冼": "xian3",
    "薄": "bo2",
    "句": "gou1",
    "谌": "chen2",
    "黑": "he4",
    "重": "chong2",
    "莘": "shen1",
    "那": "na1",
    "长": "zhang3",
    "尉": "yu4",
}
NAME_SEPARATOR = "、"
NAME_START = "^"  # in the search lines, before each name: a term matches a name's start
FIRST_HAN, LAST_HAN = 0x4E00, 0x9FFF  # the characters the database's table reads

# Classes of characters that are not Chinese, each below every pinyin letter.
_SYMBOL, _DIGIT, _LATIN = "!", "#", "A"


def is_han(ch: str) -> bool:
    return FIRST_HAN <= ord(ch) <= LAST_HAN


def strokes(ch: str) -> int:
    """Total strokes of a CJK ideograph (Unihan kTotalStrokes); 0 when unknown."""
    code = ord(ch) - _FIRST
    return _STROKES[code] if 0 <= code < len(_STROKES) else 0


@functools.lru_cache(maxsize=65_536)
def reading(ch: str) -> str | None:
    """The common reading of one Chinese character, TONE3 (wang2, lv4, ma5); None
    when pypinyin has none."""
    if not is_han(ch):
        return None
    # Imported here: pypinyin loads its dictionaries (~0.15 s), which only making a
    # database's search_pinyin_chars table needs, not the start of the program.
    from pypinyin import Style, pinyin

    (found,) = pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore") or [
        [None]
    ]
    r = found[0]
    return r.replace("ü", "v") if r and r[-1].isdigit() else None


def piece(ch: str, read_as: str | None = None) -> str:
    """One character's self-delimiting piece of the key."""
    r = read_as or reading(ch)
    if r is not None:
        # letters, a tone digit (ends the letters: digits sort before letters), strokes
        return f"{r}{strokes(ch):02d}{ch}"
    if ch.isascii() and ch.isdigit():
        return f"{_DIGIT}{ch}{ch}"
    if ch.isascii() and ch.isalpha():
        return f"{_LATIN}{ch.lower()}{ch}"
    return f"{_SYMBOL}{ch}{ch}"


def _readings(text: str, name: bool) -> list[str | None]:
    out = []
    for i, ch in enumerate(text):
        at_surname = name and (i == 0 or text[i - 1] == NAME_SEPARATOR)
        out.append(SURNAMES.get(ch) if at_surname and ch in SURNAMES else reading(ch))
    return out


@functools.lru_cache(maxsize=100_000)
def sort_key(text: str | None, name: bool = False) -> str | None:
    """The key that sorts `text` in pinyin order; `name`: read surnames as surnames."""
    if text is None:
        return None
    head = text[:KEY_CHARS]
    return "".join(piece(ch, r) for ch, r in zip(head, _readings(head, name), strict=True))


def spelled(text: str, name: bool = False) -> str:
    """Full pinyin without tones (other characters kept): 王小明 → wangxiaoming."""
    return "".join(
        r.rstrip("12345") if r else ch for ch, r in zip(text, _readings(text, name), strict=True)
    )


def search_lines(text: str | None) -> str:
    """What the search matches a name field's pinyin in (the database makes the same in
    SQL): its full pinyin and its initials on two lines, each name (at the start and
    after 、) beginning with NAME_START. Only the first KEY_CHARS characters."""
    head = (text or "")[:KEY_CHARS]
    lines = []
    for spell in (spelled, initials):
        line = spell(head, name=True).replace(NAME_SEPARATOR, "\n" + NAME_START)
        lines.append(NAME_START + line)
    return "\n".join(lines)


def matches_spelling(term: str, text: str | None) -> bool:
    """A typed term (ASCII letters) is the start of a name's full pinyin or initials."""
    return NAME_START + term.lower() in search_lines(text).lower()


def initials(text: str, name: bool = False) -> str:
    """First letters (zh, ch, sh count as z, c, s, as input methods take them):
    王小明 → wxm."""
    return "".join(r[0] if r else ch for ch, r in zip(text, _readings(text, name), strict=True))


_FIRST = 0x3400
# Unihan kTotalStrokes for U+3400–U+9FFF, one byte each (0: unknown), zlib + base85.
# From the PyPI package `strokes` 0.0.1 (MIT, Yongfu Liao): PyPI has no maintained
# package shipping the table without fetching Unihan at run time.
_STROKES = zlib.decompress(
    base64.b85decode(
        "c-pO9*OucrlHHalTF`q+neFDBec6Y3nE(H_4FeC5Qsp$VQYk}`AP_!oL_N~<e!s!*JxLxgQW{y7<#}G<sH#eIW0L3aZe"
        "I5fIZ`z;IdW$d)+nn|jS7d5qvp}Lqm`qB(f7kJj^i{<^SmBuURDEKnJ!mMIh?6plB5uAf^*}`;zi)pO_kCl)x3BjdJ2`"
        "CfOBEK;5a=}`8_^a)593xT1j5bSythck4(Td>->Jta<yD|G+el8`z?X1v`GS!Dn!%pYGuxdE|i+0HLCa!7o+yZ$@=mN^"
        "PoHALCZbQ^Rlk{0TajjYNm%b^I*Q=yxgn%7nN6pi*37T;Y5!dR%*~oPuIW`*4@LQvpg6Vs|O=<R`EwmW=&iYBvIsY95~"
        "kkcfIZQgvkxxku%ZP)aQiL4D<2G@=}zdX_07=J>)?Treeu6@D_bzOfs9_vIxJur<=&F#%aRYAl@OkTOfy5n!t^=kG!&|"
        "*(|@qSHihvI@vTW3*1m=?XTWBS2C!D!byx%ngd^EMV+Mjo7M&SLU8n)ceHl6Xl?hPBMnj5EH9_j6PstW;&8CMoubfF)0"
        "cr?HA|q#5`S2r6&24xo?ZSEf-YsRd0h+q;knX3x<|fIm<>G0TUJ{D|N3qiaQ)$Tnwa92<!Ol}yzQQD(~~di24d{N%Mqa"
        "v!E1TJ6EVIBsi&o>8wyflMamYE<RHsIxa>LJh1w`zH+VEe)Br0nXJwtHumY86`xU>2Y?PPs`=V_v(u~Q4Dt;B~{yf>JZ"
        "viI1EbE?jJx-jslWsQkxbY)FE~*ct(3u23VO&Ey_HgdR3?uE;n9P`Gyj2)3!^yj#xt2mtjo1kWtPd;?Xy&4T#Tim1nbd"
        "N7B4L`=j7R{P65kk#lo!xeCf5CTOatRl=2hFFxCK5>V>;E^`pVji%HIoNZO5g8_-J2(eQ<W7k8Fa!3u^UI{m!%l+jb~p"
        "%ob>;I_+|bq2AX#3fE?xwyp<A(FXRQ2HPcv4Jw;{n3FQKC*dq2Y__I^R*HK(<-FuE&ImRkv=&<XM7%7U(tT2}NugYX3?"
        "|R#Ek|hi^gYrXUjeSMvZ7#}I~<v`C2fh}&(YdXT)}1AOAyMv0EI<dz+$3i4F!?{4w}|F;Hf}DoDknzg>4KtvfsAtl_4*"
        "oN!pF`p352Gnc!Q)B&}t72Q}ineEH_x$!<kS?u;2i0VK(ui5(5i@4Tqc%$_!>+S1H6*&`O_IiY*2()qk5Ic!<BBQu&OS"
        "ZHPN;Wy?l$Bpn9Al$ci4Cq){dNFub-<hKiwWq?n);cT6N-0&ODv1r|JQmk9bt=T#i{YphPmr1Ab<{nNVPu&`_s5E5JD%"
        "T#rA|c1{;hSJmS?h%=@4qzH|FjerRm?3a|2Q;)7&>0`~E~jP>>1MjY?mE=;+pm-aR(=kg-4%Zbo<3%GrdAETymOq^3iH"
        "m_dySv_30Mk~lLkffN@T^BUftmYOW&GUgk-Tc$Wy@no(%N3~YUYn+#ADC)9;`-5w>O*iM-0{2{QE#c)krlP|8Msm&r;d"
        "tfw#uRh?k-gLfqrV=*$r#7DA?47$9xHJG($RiApRcd4ukY`_b175g{jj>o97zz9F!7sf+DkSK><u-o{e_CZX-m;{lkzJ"
        "AxqGpwXM8kC;{tB_iN?FIgszgcy>hO{`S`t(T2se?@EqfAxpNnETz|s#j+Yy-yV^Qjm#PNF8`h#k=dvG`yka*}onhXIA"
        "?ciOl6l#8o>e2YJ`8&SLsp`&)3Vn15^RWOwoPqMI@%tJwZy!_D4}+HjiM`~Pt=@>_<&rbs^0dOJ`vnpPli+BQmA8ag|6"
        "VJEELed&)>_cXeZd}X;OxfVR>Q416rkyw}%c-)<#e?jh+Bpy|493b^W^P6=BOztwJcunEY^R+lxfJ+ORM(>B)nr1ej-E"
        "0IZt%zf|x7?VuOR__2yy(BBbWI-o-egqFt94a}t4^`CLK@Y|*SP$>^0o@M`|Qpzb}-dc1(cL99-um3FQaZh{^^ypw>o3"
        "G1b1f^EX;xatrejHEwTE~H>89AayVp*k=h*q|}K<*Mn#I(C7dMjZ0D`6WPQ7VNmtQ$st9XB*$V+KM*dvV&_Ii9Z>{E88"
        "++^6t)*}a9~N+20wjYI^e{rU@5z7od!a@;yxJ(LNseB-iHNYQfHZH{CchwYo=YnpNImYojO;SaQb{u1?tFL|O9J;gXj^"
        "x~>nL#xLBgVW=|Lmd&}SIRq>L!gq~i^|L5MSuV6@0R#vYlnH=B_p6WyKS0ORA6*u+TE5N<X4Aw?z+*O*#q0r9qg2a#P6"
        "<jZv%LX-L~QTGZ~056B6R{^IQ46k}Wo73@{V^UO)xnIreA!Nbh+LvaI}{|8o3xqj9H^+!Gv+hm++YY5UuaQbh0}hP>ew"
        "9+nlq{q~#w_8s0y=qq#xesY&zO6+`*F-=Lx183ps;7jIkIzGoE@j`kM(wIel>=x_n-gx*U39?o&oEOnIg5l<HGXHg+#f"
        "A)0<^RO6g1LU?=yc@8b%x}>9F`qcMxLpcqN=WPSto(F%KEE}y1?KU{9fZ4{ufbGin$wGxwT)Kz^PV%O0aYsj|Yu3u&)E"
        "mjO3XF8LBKd84A!_6Owmc+%zL_6d!Hvx*KkWXj5b^{NgR)bdqHbHSNvjNIMnh?uN9QqzipxzSNhc!1aw80_G%$do|Nsl"
        "KUAEdo*@JCPL8#<w$BT*y6?JM$8f1{FL;0q&E)(qh)19ovjNsn4o|?yxkpfA@_s`wT1PmD!tq?r$=XI!yohm>=3*QSJ8"
        "42b`K;~qLY_mzVW$fzU7Vg;UR@VK~t~Fy1vOd=m@719yA<M3!-Xps>kn}`U-6+X#dviVrmC!3m~xj<9vK7>LOC@gApSZ"
        "lbJdj*4MJnCELk6h63NqzT%hVTy_4gh&+3j!>`|@_LV>kFciKlR38Wtk(aeHXSIkFr;@U6%`=nMh=m6m@2_O$mNQU}x#"
        "roac9hmNB7-zlPnMAiT-ezXvgpV|MGNb7x2gMrFdd=crK!4ZIqu4uh_gugBOZ9K+}{n4SoQO>s2Pl+`i0@CUuTr&eJ5W"
        "m>WGGx>nW@cG}*}nxI=EP=Ju#bX$p9(n^O-!IwCzqo|W;BJ`l)Xi5-$j$r{PKqqkx4?}X)O(DA(UhJ)0uWUS}zSjMi9l"
        "p?FJwUI?r3Z>9cSZ-L>dz75ApOTV%TYrqoC5sYM`G%w{nkpjl5CIRRm-;wGC|UF-B62cHUT7NBal-Qio^a)zA-Kx()N7"
        "BpYHbDBlvRgrWosUlkWxeDB{eopr_7gSTiFlN8|q<n*!)2jz>}a)efN#JV4JP2yVOc=BA`+<(`CVnyg#&MLtD#<+}4;}"
        "bYYBCpaTYiF6V=Z(ZNHe15;<hk%S#?95XFtgg3B*@1dosOo}u@@Yz2kI(>4E<X+2P5seY${SG*wl(CWqF)D3cW4H;t67"
        ")-2OVSO!3Eu!YO**mxq<Fg{#0l(KAToqV;)XUzpBd-ROL0&1e#fXUu%il(<W2y8lGDshbTa-pbmMeq>Z*Yd3UPm&qa%v"
        "|PE#<Y+LFcS9?pr0MrjzmdMXGh!z#;uQ^3#ysaSDA!+a}hUX%z6mrmx_u@<_PI2wfeoiLL)8A7Y<cUCye4!9`GJtiF7+"
        "pHX5nUnM;5>eh=k0GPvj$s$(M*5}mv%d#yn@iq}1S;s`+*|U(T72cF*myF_=d*wqQbrNPj8St2IVXP#^~jbA<8w4Lr>Y"
        "!~j{Zw*iLdET$>2I+w2FEvB#ei#cMiL%H8dFji&<-aSqt+=QItNeVvI|}Y|L<%TBv{nax^^`>J8c<W^u9}K);|zuCadn"
        "R6R;{M7-T7;1Ip&EQ7l<$RY(MlBRXfI0yR6pP}W90GGZafQz=OK~{iWq@t1IOgTBqsJ{{?+NV%h+OD&*0&u>C;(*#!mE"
        "eO!dbsC)W#~BOS@ttW@<cBb_9xDZ+(AJGCQ%u@;T%^OjZrB{RJ?H`i+3pQK()jTCgG}|2#&B0?Ih1)H?&+k{$r@8OoFW"
        "TLT-&6X_K#;5K1DGNXpI^4p>xSM&*aCl4gzTRQl=K#yn|^!Pa$+WQ0Z`>=^&ZAXI}d8014|;&{r#9Q&b<r|&qpk3J>*a"
        "2jXZle7>WMx-TKx={u%79c9ubQMNfIEh5KVuDym7E^UM%v+L4FaXvQBoBp$$CF_EsUP+v&vPf}Rcf@kP`DFtfRY4sQF4"
        "tRk2BL}5#~41lJiV-l=^HpvWY;GOwPJ%wT<33jdlQAV;7;ti9ae@fE&2(3G4oXRgTIqcXN{F)`D723WHOp!1wz#*X=wI"
        "ko_?J?>lt)Nqnq4@dNW;+|kcQaT1ugl7i)l>0O?EQhr_x<4V92pYkNo7LCxIV1d04D&Zw6gmc&%Krsb+&+``+XE>o0`k"
        "+2ZcF6c$8$rJ*uOp8BlQv2hc*sozV{X6In><S7054#pLV-Hf!Um20kZ=mU7Zx1cK%ory5YHnJv6tw>UJCVbBFHHMiNI0"
        "9$l)}j<1W*|^Fjz06!YtjS=#;BU#~>wAuU_ADm_4y@Dmw)^Bjem6B&^&P{Om(i16FQ3Dhem+%2LpUX(_Qj&MRQ8Y(Lb7"
        "z#Gu%DzlqG@zv5h(5_O3r`b66p2QAN2G_A12sjSm<l*YxhVu+a#x~|(i@bx@;rL?uVd`FR$v~Qg7~C}ScgtoOU&|f#c7"
        "enL~O~)xwt^}tihP*%wobcFaIGKdiBkZgSX|UhNdX5va)uJ&I<^CmZdn2kW?R)E{Z^`iXi{%#Qp?Xrue#z=ZZtQ>BpbR"
        "zNo#3G`VwLWZIaots`>nn2r2xe8KA&x4jarK|HeY3rJc|+-kwv$Sh0W%D)_<bdoC8J0k^RdRblukDV5&eVA|Qm0X=hEl"
        "1rkvkb+@gFq{kj8UkX6;U<E^ZEN9exm%7{K%W^p3iOhXJ`ffTVAryr&R450@^_mO-O<ky~Y3vQ80cJAt6ZsNE1zWJ(M="
        "J$)R(ATEieWm_fEuQ|h!Dx;^{r`_Cj{XCFbZU@eydJc|Z&5f!~86dD!=SUDzwfIH3}yE_(y5WP@?gjy;1>HbV~<|OlUi"
        "YW~GATS*G>MDXH7&dT%Phs!Nh%#-@HA?C<EIW7s8WVkNI~yv<rJX7-g`Dz0bxtTHmpiUmqCBzVKSJz?s`NP^RxDDVS<l"
        "s*l0{AFny%T*WShp6V`%|tuo+0v9MdwHV;RHJa2zDsiK|WeUX_^)Y~M|iaM$gD^@VjeF5pg^EQP5^a6`B{QcTqpj~vXg"
        "x_-!1VMF0npmAyW$mr>b8R4w9Te(y@Fl>#$MO-aR7r{A?ctNSdIWe@td!ML2K>}ELA`2IwMGoo6Hj;2vb#yFL+F0tIcS"
        "gfuXDVrYeN&l?5O&3Ur7U1IRb2$wav?f~?jN~q@4zse0UHzK@e&tYYLm(5>H;|YI$w0kF=f2ut12(5526lU9r$pPJuCs"
        "Q7gsWXBf8rd$XVfzNAhP7#k+6EgOHN@Lx!nHe)YU&*{O((qXnxAfXrp8tUA-6Zo>A;AFhKWuB{$T{M<&MNQg-r_@}OqX"
        "%Hv8o(}Yyqeq<Nm1d6xTi&)uqB1VAkeRAaEvkZrfKGGxg^bpEc!hbbzSCZM)HF?UQxo(7#UseSUQu#UgoWtQ^!mF>=f;"
        "f>@X9vPGAgz(R2?8Hyls0pogD1gdg)|soC4lD0+*MZLDg~~9NexC4jz&cgj~-?;$4<a#-I<UL|tBFgRcw6MJx#Pwz&VY"
        "e68`J3*8ko-suCtGP^UGAwTpIsdeKRxy2jo97x+ta)`!bnJl!z*pn4WNcQhPQolb?AZ$;u!QrCSk*WZ<46SnuGnVOCmi"
        "<UQ8VotcM+gY<b8Nr~Wd!g%;UV<iLz&;#Ii3~uHl4R{(tB*<K|K$q=VSIx3nWJqof|djj501i>P(CBA!q41V*Ks-{JKA"
        "`<LvK4<Zso~iH8>vf11F?G*?MaAtegsRB`g@BOwS@Ze*HExTf%|W&8%N2uQ`0(5?)zC=2DH+TWEMWoqcsF!SVAiN>31D"
        "ff@ilxdQJ+l*>Tq_kr4-XtbQICd&lsw}B&c6E+H@?zO`=DJs_h5HWYO2BESqq+Pd|8@LiXugOO>#hnkqKLA)&FB`M{3B"
        "j(d<qgLj*$zO(L2>O#)Q!e*9XF!V&knF-Wlbt4&=&nLFl~iE67`HVwPqYe->?*mORsrntK&wPuG~^Lcv_h78u<yrr3xf"
        "Kkrjfxf;&a&%D*Tfz&X`Iy4}iK7~t+Tk2s2GK<d(#p~%M-n{%M%a*;(uodoukTjKFgn<i5W?Av8<2~fO_#hTcqmJR$#C"
        "1rxtbRH^NREA)TZ<pro>-vgg+H~)rim*0Sr_&N5LVz<1$R#n@ImXmAi;Kqf^WKb3k~DpwGlnrSkKy%<eKBS#GYY6y6wr"
        ">U<ad&WA&Lb!t2yavT-LBH39Ay&Y3NXwDGoWJrH!i9beBh&uxGlN90un|B;?K-yhax*u-02lWF~d@pTrs3Yr{5QmX#DG"
        "GbDnnp{DC)k+5#N8h*B+hFIrxb4+BmYMFt()R%kj8=f3{`T6-C6ityNZFPjjWw@YQlT-AVSTDTem=<rp;e!@)N1v?@f)"
        "1?mOe6rpe!|>xm15BkZBNrUhvGt0)~}@LIMA3z3~#!$Bq{3y4t{&Y8mFDABD#CHdlHU21MGCV&<HSh1`*LaqHT}odny-"
        ")mBcDX|}Nv+idHO$_|4xaLl@Ard45OnQzKiGzHemm!?JqiE0|DI?`m+II}9PRtI(iEH>lN=*Af7o@J*@c&bQ*3!c0d`}"
        "N1ea8rHCeC_3^qwOr(m>jj=v=U@pAWUUs$YUiP*g!nxIIBvNSjGEj{mQx}oiIbbl3fC<0(i=}Y{&jQo?o}1qB;Fhk>&^"
        "Cp-Zjr_GcP1E`}rzW>{84s}aZd!?ZtNS#FYOmDBf6Iv?Yh8AO4F9Jk$~aeHP#t1Sg!JR`6-l;Q`dGzxGu@l)NmVcQa?U"
        "1`|ZxQt>eH0w$+F=x0|*klcuFH7C_Ue$TkhBNJ6b#_~i%vzJ6Yi8}T<7sl{B=q!_zpUJ|&0h}F1OT00#{h#dFkcKZ2rw"
        "(Nf*69+$2(}6<Mli;)h@t_18QFwh$Ro()%isHNyDp)WjO6Pp&c)`Wf*r2Th}9b1YI26=6XSc9=KMfy9LRsVS|aRtbzOP"
        "k*dVcQHMVP{>5P==Vrg}<yvc7JL}0%UFj>ra%CXx%BZZXe0R{luUbEbX;Bv<(83LM0rJqL40rxR*bka_o+DZFoL$CZKI"
        "<B4X{p}pn$z1c%t`eUfpKidab#H6KV{&{4-Vw(eS+qfT(_palqVky@h0Y7|5|MG99I(@;r4mB08FS4FMt(cNwWvAaE<f"
        "8L$j@n?ksfL>ju!4<<Xgsdn0lNovjMxYsAf)hsmm-R_&$70NCTfeDFs~X?~`9R?;xdd<Zd5G5=Zj*IBs14uy611M>g}d"
        "JoSRjIY<jFNn&2icbDfIOErh))<XmD2gCDPA#<Z3|m-BEN7(mb-aSpRDQYHoEWahZm|U(oGePU%KVCWGgA}5?ebf+Eyx"
        "F<_*mF1=G>ibOl6R@$|q|TLjuv~)P>tJAxU62T3z;oHbT%m-?mq7=_^+lYq`+*4DDnv?J`T#L`n)_<qbc-{x{F1`G?j?"
        "4trc+3;TI3DlaVDTs8D<0~^)o0KK*7pEJLqo%B_xmgJ^yAO7OUNk*l-g}~k=1@$H6=>N17UiaJR|Je}9uE}=X@#K%`{5"
        "n~^&{l5q_B_%&4{|eJ6{)!(b>LkKVYfVGYe83c$n7|uNhXVyarKM&c`x$Hf-VbFVA3d%s8x824-U?~wUx0hB+^M|CbC{"
        "iUn41(g^}fSv(N9l`kx`PSQ}xdIjS^n_oC_x?y4u-Vh*qb&oU^oje!N*cTG;acUilL@)%4ALp~@)Fv$=RIJ2wM%#H1L6"
        "7<;S^!fFzYR=;|#$lUh#h@6KDk{@Hvo*cO+ulwta>|2x1Y^S_a7;@l3D!mX{jy#?>xqgjOUnlPWzYNeET3PcYzjRuh0`"
        "oV_Gcs~a)K{b#_w(3ITL*hR~3!z+U|yLDyYY}+V=w!<1`Jvjvt+;vxV%Pwc?l2KshGkvGH=5o_gydyZN!|M{b~=g$Eb_"
        "KoH-5=5~*!xBp#DNXutEsQsRgi}Ztwm~S2F*xyEXrHclK;#|~u0auNc_+Xe#7`=^|-7#tQo83mEmL;ZJ9HJIj%*Ifai?"
        "uz<I-|hTp$xO{??+Gua@JTpwugSlR9=x~soD<7YumbtfPQu>bZ76dZ3_@el{NZ*1mHyb7o4JE(Xfh2ezb|UU*MGlN1Oj"
        "+$o`KNsL%27d<oEmbuK%NqFy>gJyGtnuHn4}kA>xcL+pN%++>#)^3^bOQ?@n!SA%^V*OYqxO3RBb+gq)Ktqzw6s($^AE"
        "TE)5LRA<<u>A4ozaLfAFR!eJSsX{(m3<+)`B^8Ap}XCwOlR!dx|-`jlsy*lSG~ZdW1#6<f$F~7mggkqKS>Vm&#%5K%er"
        "gxW`Pw4dKAL|Ce!}|sV<7g"
    )
)
