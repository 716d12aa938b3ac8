//! Which page is this? Decided from the URL path alone here; the features confirm by content
//! (labels on the page) because paths of the real app are partly unknown. Never from the host
//! name: the test build serves the same paths from 127.0.0.1.

/// The three kinds of impact.com account; their settings paths and labels differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    Agency,
    Brand,
    Partner,
}

/// The app page where a guide starts, per account type (the token settings page: arriving there
/// proves the navigation steps, and the walkthrough resumes at the first unfinished step).
pub fn app_url(account: Account) -> &'static str {
    match account {
        Account::Agency => "https://app.impact.com/secure/agency/accountSettings/agency-wsapi-flow.ihtml",
        Account::Brand => "https://app.impact.com/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml",
        Account::Partner => "https://app.impact.com/secure/mediapartner/accountSettings/mp-wsapi-flow.ihtml",
    }
}

impl Account {
    pub fn as_str(self) -> &'static str {
        match self {
            Account::Agency => "agency",
            Account::Brand => "brand",
            Account::Partner => "partner",
        }
    }
    pub fn parse(s: &str) -> Option<Account> {
        match s {
            "agency" => Some(Account::Agency),
            "brand" | "advertiser" => Some(Account::Brand),
            "partner" | "mediapartner" => Some(Account::Partner),
            _ => None,
        }
    }
}

/// What the path says about the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathKind {
    /// The app (`/secure/<type>/…`).
    App { account: Account },
    /// A help-center article (GitBook: `/<space>/<lang>/…/<slug>`, or the old
    /// `/en/support/solutions/articles/<id>-<slug>`). `account` is None for the `other` space.
    Help {
        account: Option<Account>,
        lang: String,
        slug: String,
        old: bool,
    },
    /// Anything else: the extension draws nothing.
    Other,
}

const HELP_LANGS: [&str; 7] = ["zh", "ja", "de", "it", "es", "fr", "pt-br"];

/// The help-center articles about tokens (final path segment, any language).
pub const TOKEN_ARTICLES: [&str; 6] = [
    "manage-legacy-api-tokens-as-an-agency",
    "manage-legacy-api-tokens-as-a-brand",
    "manage-legacy-api-tokens-as-a-partner",
    "manage-api-access-tokens-as-an-agency",
    "keep-your-access-tokens-secure",
    "migrate-to-scoped-tokens",
];

/// Path words of the app's token pages (`agency-wsapi-flow.ihtml`, `token-modal.ihtml`…): the
/// token model runs there without waiting for token vocabulary on the page.
pub const TOKEN_PATH_WORDS: [&str; 2] = ["wsapi", "token"];

/// The first path segment of the extension's own demo page (`ltg-demo/secure/agency/…`): the
/// app page it models follows, and it is recognised as that page.
pub const DEMO_SEGMENT: &str = "ltg-demo";

/// `/secure/<kind>/` values that are app pages (see [`Account::parse`]).
pub const APP_KINDS: [&str; 5] = ["agency", "brand", "advertiser", "partner", "mediapartner"];

/// Does the path name a token page of the app?
pub fn is_token_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    TOKEN_PATH_WORDS.iter().any(|w| p.contains(w))
}

pub fn recognise(path: &str) -> PathKind {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let segs = match segs.as_slice() {
        [DEMO_SEGMENT, "secure", rest @ ..] if !rest.is_empty() => &segs[1..],
        _ => &segs[..],
    };
    match segs {
        ["secure", kind, ..] => match Account::parse(&kind.to_ascii_lowercase()) {
            Some(account) => PathKind::App { account },
            None => PathKind::Other,
        },
        ["en", "support", "solutions", "articles", last, ..] => {
            // "<id>-<slug>": the numeric id is dropped.
            let slug = last.split_once('-').map(|(_, s)| s).unwrap_or(last);
            PathKind::Help {
                account: account_from_slug(slug),
                lang: "en".into(),
                slug: slug.to_ascii_lowercase(),
                old: true,
            }
        }
        [space, rest @ ..] if !rest.is_empty() => {
            let account = match *space {
                "other" => None,
                s => match Account::parse(s) {
                    Some(a) if s != "advertiser" && s != "mediapartner" => Some(a),
                    _ => return PathKind::Other,
                },
            };
            let first = rest[0].to_ascii_lowercase();
            let lang = if HELP_LANGS.contains(&first.as_str()) {
                first
            } else {
                "en".to_string()
            };
            let slug = rest[rest.len() - 1].to_ascii_lowercase();
            PathKind::Help {
                account: account.or_else(|| account_from_slug(&slug)),
                lang,
                slug,
                old: false,
            }
        }
        _ => PathKind::Other,
    }
}

fn account_from_slug(slug: &str) -> Option<Account> {
    if slug.ends_with("as-an-agency") {
        Some(Account::Agency)
    } else if slug.ends_with("as-a-brand") {
        Some(Account::Brand)
    } else if slug.ends_with("as-a-partner") {
        Some(Account::Partner)
    } else {
        None
    }
}

/// Short UI language code ("zh", "pt-BR" → "pt") from a BCP-47 tag.
pub fn short_lang(tag: &str) -> String {
    let t = tag.trim().to_ascii_lowercase();
    let base = t.split(['-', '_']).next().unwrap_or("");
    base.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_paths() {
        assert_eq!(
            recognise("/secure/agency/accountSettings/agency-wsapi-flow.ihtml?execution=e1s2"),
            PathKind::App {
                account: Account::Agency
            }
        );
        assert_eq!(
            recognise(
                "/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml"
            ),
            PathKind::App {
                account: Account::Brand
            }
        );
        assert_eq!(
            recognise("/secure/mediapartner/dashboard.ihtml"),
            PathKind::App {
                account: Account::Partner
            }
        );
        assert_eq!(recognise("/secure/unknown/x"), PathKind::Other);
        // The extension's demo page is the app page it models; nothing else under its name.
        assert_eq!(
            recognise("/ltg-demo/secure/agency/accountSettings/agency-wsapi-flow.html"),
            PathKind::App {
                account: Account::Agency
            }
        );
        assert_eq!(recognise("/ltg-demo/x"), PathKind::Other);
        assert_eq!(recognise("/ltg-demo/secure"), PathKind::Other);
        assert_eq!(recognise("/"), PathKind::Other);
    }

    #[test]
    fn help_paths() {
        assert_eq!(
            recognise(
                "/agency/zh/nin-xiang-liao-jie-shen-me/manage-legacy-api-tokens-as-an-agency"
            ),
            PathKind::Help {
                account: Some(Account::Agency),
                lang: "zh".into(),
                slug: "manage-legacy-api-tokens-as-an-agency".into(),
                old: false
            }
        );
        assert_eq!(
            recognise("/partner/account/manage-legacy-api-tokens-as-a-partner"),
            PathKind::Help {
                account: Some(Account::Partner),
                lang: "en".into(),
                slug: "manage-legacy-api-tokens-as-a-partner".into(),
                old: false
            }
        );
        assert_eq!(
            recognise(
                "/en/support/solutions/articles/48001234567-manage-legacy-api-tokens-as-an-agency"
            ),
            PathKind::Help {
                account: Some(Account::Agency),
                lang: "en".into(),
                slug: "manage-legacy-api-tokens-as-an-agency".into(),
                old: true
            }
        );
        assert_eq!(
            recognise("/other/pt-br/security/keep-your-access-tokens-secure"),
            PathKind::Help {
                account: None,
                lang: "pt-br".into(),
                slug: "keep-your-access-tokens-secure".into(),
                old: false
            }
        );
    }

    #[test]
    fn langs() {
        assert_eq!(short_lang("pt-BR"), "pt");
        assert_eq!(short_lang("zh_CN"), "zh");
    }
}
