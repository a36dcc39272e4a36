//! Which language a text is shown in when the reader's language lacks it: the one rule for
//! pages, data files, `site.yaml` and the theme's interface strings. The reader's language
//! first, then the site's default language, then English (the language every theme is written
//! in). Whatever answers, the caller learns which language did, so that the text can be marked
//! with its own `lang` and `dir` inside a page of another language.

/// The languages to look in for a text in `lang`, in order, each once.
pub fn chain<'a>(lang: &'a str, default: &'a str) -> Vec<&'a str> {
    let mut order: Vec<&str> = Vec::with_capacity(3);
    for candidate in [lang, default, "en"] {
        if !order.contains(&candidate) {
            order.push(candidate);
        }
    }
    order
}

/// The first text `find` has along the chain of `lang`, with the language it is in.
pub fn pick<'a, T>(lang: &'a str, default: &'a str, mut find: impl FnMut(&str) -> Option<T>) -> Option<(T, &'a str)> {
    chain(lang, default)
        .into_iter()
        .find_map(|candidate| find(candidate).map(|found| (found, candidate)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_s_language_then_the_default_then_english() {
        assert_eq!(chain("ug", "zh"), ["ug", "zh", "en"]);
        assert_eq!(chain("zh", "zh"), ["zh", "en"]);
        assert_eq!(chain("en", "zh"), ["en", "zh"]);
        let texts = [("zh", "空调"), ("en", "Air conditioning")];
        let find = |l: &str| texts.iter().find(|(c, _)| *c == l).map(|(_, t)| *t);
        assert_eq!(pick("ug", "zh", find), Some(("空调", "zh")));
        assert_eq!(pick("en", "zh", find), Some(("Air conditioning", "en")));
        assert_eq!(pick("fr", "de", find), Some(("Air conditioning", "en")));
    }
}
