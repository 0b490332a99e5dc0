import string

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import fold, search_terms, sort_key


def ordered(names):
    return sorted(names, key=sort_key)


def test_fold_removes_accents_and_d_stroke():
    assert fold("Đà Nẵng") == "da nang"
    assert fold("  Khối thi đua các cơ quan   Nội chính ") == "khoi thi dua cac co quan noi chinh"
    assert fold("TÒA ÁN") == "toa an"


def test_search_terms_split_folded_words():
    assert search_terms("noi chinh  Lạng Sơn") == ["noi", "chinh", "lang", "son"]
    assert search_terms("   ") == []


def test_da_nang_sorts_after_dak_lak():
    assert ordered(["Đà Nẵng", "Dak Lak"]) == ["Dak Lak", "Đà Nẵng"]


def test_vietnamese_alphabet_order():
    # a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư
    assert ordered(["ân", "ăn", "an"]) == ["an", "ăn", "ân"]
    assert ordered(["đa", "da", "e"]) == ["da", "đa", "e"]
    assert ordered(["ơ", "ô", "o"]) == ["o", "ô", "ơ"]
    assert ordered(["ưu", "uu", "v"]) == ["uu", "ưu", "v"]


def test_tones_break_ties_after_letters():
    # Letters first: "ba" (any tone) sorts before "bac"; among equal letters: none, huyền, sắc, hỏi, ngã, nặng
    assert ordered(["bạ", "bã", "bả", "bá", "bà", "ba"]) == ["ba", "bà", "bá", "bả", "bã", "bạ"]
    assert ordered(["bác", "bà"]) == ["bà", "bác"]


def test_words_compare_before_longer_words():
    assert ordered(["Nguyễn Văn Anh", "Nguyễn An"]) == ["Nguyễn An", "Nguyễn Văn Anh"]
    assert ordered(["Lê Văn B", "Lê  Văn  A"]) == ["Lê  Văn  A", "Lê Văn B"]


def test_case_is_ignored():
    assert sort_key("ĐÀ NẴNG") == sort_key("đà nẵng")


@given(st.text(alphabet=string.ascii_letters + "àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ 0123456789-,.()",
               max_size=60))
def test_sort_key_uses_only_characters_every_collation_orders_alike(text):
    key = sort_key(text)
    assert set(key) <= set(string.digits)
    assert len(key) <= 240


@given(st.lists(st.text(alphabet="abcdđeêoôơuư ", min_size=1, max_size=8), min_size=2, max_size=6))
def test_sort_key_order_is_total_and_consistent(names):
    keys = [sort_key(n) for n in names]
    assert sorted(keys) == [sort_key(n) for n in sorted(names, key=sort_key)]


def test_e_circumflex_has_its_place_between_e_and_f():
    assert ordered(["Lê Văn A", "Lâm Văn A", "Lò Văn A", "Lê", "Le"]) == ["Lâm Văn A", "Le", "Lê", "Lê Văn A", "Lò Văn A"]
    assert ordered(["ê", "f", "e"]) == ["e", "ê", "f"]


def test_numbers_sort_by_value():
    names = ["Cụm số 10", "Cụm số 2", "Cụm số 1", "Cụm số 21", "Cụm số 3"]
    assert ordered(names) == ["Cụm số 1", "Cụm số 2", "Cụm số 3", "Cụm số 10", "Cụm số 21"]
    assert ordered(["Trường THPT số 10 Hà Nội", "Trường THPT số 9 Hà Nội"]) == [
        "Trường THPT số 9 Hà Nội", "Trường THPT số 10 Hà Nội"]


def test_numbers_keep_their_place_among_words():
    # a number before a word, a name before the same name with a number, leading zeros ignored
    assert ordered(["Khối A", "Khối 5", "Khối"]) == ["Khối", "Khối 5", "Khối A"]
    assert sort_key("Cụm 007") == sort_key("Cụm 7")
    assert ordered(["Phường 12 a", "Phường 2 b", "Phường 12"]) == ["Phường 2 b", "Phường 12", "Phường 12 a"]


def test_names_without_digits_keep_their_key():
    # People's names carry no digits: their stored keys (and the people's name index) need no rewrite.
    assert sort_key("Nguyễn Văn An") == "373046512837004821370020370000004000000"
    assert sort_key("Đà Nẵng") == "2620003721373000010400"
