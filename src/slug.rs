//! Slugs: the readable, ASCII part of a URL. A Chinese title or file name becomes pinyin
//! (绿色家庭 → lv-se-jia-ting), never a percent-encoded string.

use pinyin::ToPinyin;

/// Words whose characters have several readings, read as a phrase.
const PHRASES: &[(&str, &str)] = &[
    ("重庆", "chong-qing"),
    ("银行", "yin-hang"),
    ("行动", "xing-dong"),
    ("出行", "chu-xing"),
    ("步行", "bu-xing"),
    ("骑行", "qi-xing"),
    ("自行车", "zi-xing-che"),
    ("重要", "zhong-yao"),
    ("重点", "zhong-dian"),
    ("重复", "chong-fu"),
    ("长江", "chang-jiang"),
    ("长期", "chang-qi"),
    ("成长", "cheng-zhang"),
    ("校长", "xiao-zhang"),
    ("市长", "shi-zhang"),
    ("家长", "jia-zhang"),
    ("都市", "du-shi"),
    ("首都", "shou-du"),
    ("调查", "diao-cha"),
    ("空调", "kong-tiao"),
    ("调节", "tiao-jie"),
    ("调整", "tiao-zheng"),
    ("节能", "jie-neng"),
    ("乐器", "yue-qi"),
    ("音乐", "yin-yue"),
    ("快乐", "kuai-le"),
    ("还原", "huan-yuan"),
    ("供暖", "gong-nuan"),
    ("供水", "gong-shui"),
    ("供电", "gong-dian"),
    ("提供", "ti-gong"),
    ("种植", "zhong-zhi"),
    ("种类", "zhong-lei"),
    ("朝阳", "chao-yang"),
    ("参与", "can-yu"),
    ("单位", "dan-wei"),
    ("会计", "kuai-ji"),
    ("传单", "chuan-dan"),
    ("宣传", "xuan-chuan"),
    ("传统", "chuan-tong"),
    ("数据", "shu-ju"),
    ("垃圾", "la-ji"),
    ("处理", "chu-li"),
    ("着装", "zhuo-zhuang"),
    ("便宜", "pian-yi"),
    ("方便", "fang-bian"),
    ("一行", "yi-hang"),
    ("行业", "hang-ye"),
];

/// The address part a file or folder name gives: a name that is already one (ASCII letters,
/// digits, `-`, `_` and `.`, as Hugo and Zola sites name their files) keeps its form in small
/// letters, so that a site moving in keeps its addresses; any other name is slugged.
pub fn address_part(name: &str) -> String {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !name.contains("..");
    if valid {
        name.to_ascii_lowercase()
    } else {
        slugify(name)
    }
}

/// Turns any title or file name into a URL slug: lowercase ASCII letters, digits and dashes.
pub fn slugify(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    let flush = |ascii: &mut String, words: &mut Vec<String>| {
        if !ascii.is_empty() {
            words.push(std::mem::take(ascii));
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            i += 1;
            continue;
        }
        if let Some(folded) = fold_latin(c) {
            ascii.push(folded);
            i += 1;
            continue;
        }
        flush(&mut ascii, &mut words);
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        if let Some((phrase, reading)) = PHRASES.iter().find(|(p, _)| rest.starts_with(p)) {
            words.push((*reading).to_owned());
            i += phrase.chars().count();
            continue;
        }
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().replace('ü', "v"));
        }
        i += 1;
    }
    flush(&mut ascii, &mut words);
    let joined = words.join("-");
    let mut slug = String::with_capacity(joined.len());
    for c in joined.chars() {
        if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        slug.push(c);
    }
    slug.trim_end_matches('-').to_owned()
}

/// Letters with accents keep their base letter (Ürümqi → urumqi).
fn fold_latin(c: char) -> Option<char> {
    let base = match c {
        'à'..='å' | 'À'..='Å' | 'ā' => 'a',
        'è'..='ë' | 'È'..='Ë' | 'ē' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' | 'ī' => 'i',
        'ò'..='ö' | 'Ò'..='Ö' | 'ō' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::{address_part, slugify};

    #[test]
    fn a_name_that_is_already_an_address_keeps_its_underscores_and_dots() {
        assert_eq!(address_part("getting_started"), "getting_started");
        assert_eq!(address_part("v1.2-notes"), "v1.2-notes");
        assert_eq!(address_part("README"), "readme");
        assert_eq!(address_part("绿色家庭"), "lv-se-jia-ting");
        assert_eq!(address_part("Green Families"), "green-families");
        for hostile in ["..", ".hidden", "a..b", "trailing.", "a/b", "a\\b", ""] {
            let part = address_part(hostile);
            assert!(
                !part.contains("..") && !part.starts_with('.') && !part.contains('/') && !part.contains('\\'),
                "{hostile} → {part}"
            );
        }
    }

    #[test]
    fn chinese_becomes_readable_pinyin() {
        assert_eq!(slugify("绿色家庭"), "lv-se-jia-ting");
        assert_eq!(slugify("重庆"), "chong-qing");
        assert_eq!(slugify("银行"), "yin-hang");
        assert_eq!(slugify("绿色出行"), "lv-se-chu-xing");
    }

    #[test]
    fn ascii_is_kept_and_punctuation_collapses() {
        assert_eq!(slugify("Green Families!"), "green-families");
        assert_eq!(slugify("ac-at-26-degrees"), "ac-at-26-degrees");
        assert_eq!(slugify("空调26℃"), "kong-tiao-26");
        assert_eq!(slugify("Ürümqi"), "urumqi");
    }
}
