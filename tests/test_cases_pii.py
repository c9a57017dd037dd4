"""Personal-information detection in case texts: what is found, where, and no false alarms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterpolicy.cases import pii


def found(text: str) -> list[tuple[str, str]]:
    return [(h.kind, text[h.start:h.end]) for h in pii.scan(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("联系人手机13812345678。", "mobile", "13812345678"),
        ("手机:138-1234-5678", "mobile", "138-1234-5678"),
        ("Tel +86 139 0551 2345 (office)", "mobile", "+86 139 0551 2345"),
        ("电话0551-62345678转", "landline", "0551-62345678"),
        ("(010) 6512 3456", "landline", "(010) 6512 3456"),
        ("（0551）62345678", "landline", "（0551）62345678"),
        ("咨询电话:0551-6234567-801。", "landline", "0551-6234567-801"),
        ("联系电话:62345678", "landline", "62345678"),
        ("邮箱:zhang.san@example.com.cn。", "email", "zhang.san@example.com.cn"),
        ("电子版材料发送至邮箱cuiqi @ahjxw.gov.cn。", "email", "cuiqi @ahjxw.gov.cn"),
        ("身份证号11010519491231002X。", "id_card", "11010519491231002X"),
        ("身份证号 11010519491231002x", "id_card", "11010519491231002x"),
        ("身份证号:340104199003071235。", "id_card", "340104199003071235"),
    ],
)
def test_detects(text, kind, value):
    assert found(text) == [(kind, value)]


def test_id_card_checksum_gb11643():
    assert pii.id_card_valid("11010519491231002X")  # the standard's own example
    assert pii.id_card_valid("340104199003071235")
    assert not pii.id_card_valid("340104199003071234")  # check character wrong
    assert not pii.id_card_valid("340104199002301231")  # 30 February
    assert not pii.id_card_valid("990104199003071233")  # no province 99
    assert not pii.id_card_valid("3401041990030712")  # too short


NO_ALARM = """\
某县智能农机装备产业集群于2023年被认定为省级集群,2021—2023年产值分别为98.6亿元、112.3亿元和128.6亿元,
年均增长14.2%。截至2024-06-30,集群拥有有效发明专利1,046件、1046件,研发投入123456789元,
合同金额13812345678元、13812345678 元,订单20240630001号,产能 12345678 吨;统一社会信用代码91340100MA2N0A1234。
依据《促进中小企业特色产业集群发展暂行办法》(工信部企业〔2022〕119号)和工信厅企业函〔2025〕77号,
于2024年6月21日前报送。批次号 340104199003071234(校验位不符),编码 202406211234567890,比例 0.0551。
坐标 117.2272,31.8206;2023年营收同比增长 15.20%;员工 58600 人;项目 3 个,2022-2024 年度。
"""


def test_no_false_alarm_on_dates_amounts_counts_and_document_numbers():
    assert found(NO_ALARM) == []


def test_location_and_masking():
    text = "第一行\n联系人:张某,手机 138-0551-2468,邮箱 zhang.mou@example.com。\n身份证号:11010519491231002X。"
    hits = pii.scan(text)
    assert [(h.kind, h.line, h.column, h.masked) for h in hits] == [
        ("mobile", 2, 11, "138-****-2468"),
        ("email", 2, 28, "z***@example.com"),
        ("id_card", 3, 6, "1101**********002X"),
    ]
    for h in hits:  # no snippet repeats any of the values, its own or a neighbour's
        assert "0551" not in h.snippet and "zhang" not in h.snippet and "19491231" not in h.snippet
    assert hits[0].snippet == "行 联系人:张某,手机 138-****-2468,邮箱 z***@exa"


def test_longest_match_wins():
    # 11 digits inside an ID number are not also a phone number
    assert found("号码 11010519491231002X") == [("id_card", "11010519491231002X")]


def test_realistic_case_texts_raise_no_alarm():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = sorted((root / "examples").glob("case-text-*.md")) + sorted((root / "tests" / "data" / "case_texts").glob("*.txt"))
    assert len(texts) >= 9
    for path in texts:
        assert found(path.read_text(encoding="utf-8")) == [], path.name


PIECES = ["13812345678", "a.b@example.com", "li@163.com", "0551-62345678", "电话 62345678", "11010519491231002X", "联系", "集群", " ", "\n", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(min_value=0, max_value=12))
def test_the_first_hits_shown_are_those_of_the_whole_scan(parts, shown):
    """Only the hits shown get a line, a mask and a snippet; they are exactly the whole scan's first
    ones, a neighbour after the last one shown masked in its snippet all the same."""
    text = "".join(parts)
    assert pii.hits(text, pii.spans(text), shown) == pii.scan(text)[:shown]


def test_a_snippet_never_shows_a_neighbour_unmasked_when_the_rest_is_not_detailed():
    text = "甲 a.bcdefghijklmnop@example.com 13812345678 乙"
    (first,) = pii.hits(text, pii.spans(text), 1)
    assert "13812345678" not in first.snippet and "1381234" not in first.snippet, first.snippet
