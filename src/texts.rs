//! Every text the app itself shows, in Dutch (the default) and English, side by side so a
//! missing translation is a compile error. Figures and dates follow `helder_core::locale`;
//! the spec's own titles and labels come from its `[translations]`. `{}` in a text is filled
//! in order by [`fill`].

use helder_core::locale::{self, Lang};

macro_rules! texts {
    ($($name:ident: $nl:expr, $en:expr;)*) => {
        /// The app's texts in one language.
        #[derive(Debug)]
        pub struct Texts {
            $(pub $name: &'static str,)*
        }

        /// Dutch, the default.
        pub const NL: Texts = Texts { $($name: $nl,)* };

        /// English, the switch.
        pub const EN: Texts = Texts { $($name: $en,)* };

        /// Every text as (Dutch, English), for checks.
        #[cfg(test)]
        const PAIRS: &[(&str, &str)] = &[$(($nl, $en),)*];
    };
}

texts! {
    skip_link: "Direct naar de inhoud", "Skip to content";
    footer: "Alle berekeningen gebeuren in uw browser; er gaan geen gegevens naar een server.",
        "All calculations happen in your browser; no data is sent to a server.";
    accessibility_statement: "Toegankelijkheidsverklaring", "Accessibility statement (in Dutch)";
    switch_language: "English", "Nederlands";
    switch_language_hint: "Switch to English", "Schakel naar Nederlands";
    data_until: "Data t/m {}", "Data up to {}";
    loading: "Gegevens worden geladen…", "Loading data…";
    no_data_header: "Geen gegevens", "No data";
    lookup_label: "Zoek een cijfer", "Look up a figure";
    lookup_button: "Zoek cijfer", "Find figure";
    lookup_placeholder: "bijv. bijstand noord", "e.g. bijstand noord";
    lookup_hint: "Typ wat u zoekt, bijvoorbeeld een onderwerp met een wijk of jaar; sneltoets / of Ctrl+K.",
        "Type what you are looking for, e.g. a subject with a district or year; shortcut / or Ctrl+K.";
    lookup_results: "{} resultaten", "{} results";
    lookup_one_result: "1 resultaat", "1 result";
    lookup_none: "Geen cijfer gevonden bij deze woorden", "No figure found for these words";
    lookup_loading: "Cijfer wordt berekend…", "Computing the figure…";
    lookup_failed: "Cijfer niet te berekenen: {}", "Figure could not be computed: {}";
    show_table: "Toon als tabel", "Show as table";
    table_of: "Tabel {}", "Table {}";
    cross_table_of: "Kruistabel {}", "Cross table {}";
    total: "Totaal", "Total";
    month: "Maand", "Month";
    band80: "80 %-band", "80% band";
    band95: "95 %-band", "95% band";
    effect_legend: "Werkelijk (lijn) en verwacht zonder maatregel (streepjes, met 80 %- en 95 %-band); de verticale lijn is de start van de maatregel.",
        "Actual (line) and expected without the measure (dashes, with 80% and 95% bands); the vertical line is the start of the measure.";
    forecast_legend: "Werkelijk (lijn) en prognose (streepjes, met 80 %- en 95 %-band); de verticale lijn is de laatste maand met gegevens.",
        "Actual (line) and forecast (dashes, with 80% and 95% bands); the vertical line is the last month with data.";
    expected_without: "Verwacht zonder maatregel", "Expected without the measure";
    control_legend: "Stippellijn: {}, geschaald naar het niveau van vóór de maatregel. De verwachting zonder maatregel volgt deze vergelijking, bijgesteld met het verschil dat er vóór de maatregel al was; daarom liggen beide kolommen in de tabel dicht bij elkaar.",
        "Dotted line: {}, scaled to the level before the measure. The expectation without the measure follows this comparison, adjusted by the difference there already was before the measure; that is why both columns of the table lie close together.";
    control_column: "Vergelijking (geschaald)", "Comparison (scaled)";
    forecast: "Prognose", "Forecast";
    actual: "Werkelijk", "Actual";
    selected_suffix: " (geselecteerd)", " (selected)";
    whole_municipality: "Hele gemeente: {}", "Whole municipality: {}";
    secret_summary: "{} geheim (niet nul: weggelaten om personen te beschermen).",
        "{} confidential (not zero: left out to protect persons).";
    disclosure_summary: "Beschermde cijfers: waarom sommige cijfers \"geheim\" zijn",
        "Protected figures: why some figures are \"confidential\"";
    disclosure_intro: "Deze openbare pagina toont alleen opgetelde cijfers, zo beschermd dat niemand herkenbaar is. Een cijfer dat \"geheim\" is, is niet nul: het is weggelaten, en in grafieken is daar een gat. De regels:",
        "This public page shows only added-up figures, protected so that nobody can be recognised. A \"confidential\" figure is not zero: it is left out, and charts show a gap there. The rules:";
    largest_shown: "De {} hoogste van {} getoond; de tabel hieronder heeft ze allemaal.",
        "The {} highest of {} shown; the table below has them all.";
    largest_groups_shown: "De {} grootste van {} getoond; de tabel hieronder heeft ze allemaal.",
        "The {} largest of {} shown; the table below has them all.";
    budget_behind: "Let op: {} van het budget besteed, terwijl {} van het jaar voorbij is",
        "Note: {} of the budget spent, while {} of the year has passed";
    budget_on_track: "Op koers: {} van het budget besteed, {} van het jaar voorbij",
        "On track: {} of the budget spent, {} of the year passed";
    budget_detail: "van {} begroot voor {}", "of {} budgeted for {}";
    unavailable: "Niet beschikbaar: {}", "Not available: {}";
    unavailable_missing: "Niet beschikbaar: de gegevens hiervoor konden niet worden geladen (zie de melding bovenaan).",
        "Not available: the data for this could not be loaded (see the message at the top).";
    missing_data: "de gegevens hiervoor konden niet worden geladen (zie de melding bovenaan)",
        "the data for this could not be loaded (see the message at the top)";
    page_not_ready: "de pagina is nog niet klaar", "the page is not ready yet";
    per: "{} per {}", "{} per {}";
    per_and: "{} per {} en {}", "{} per {} and {}";
    sources: "Gegevensbronnen", "Data sources";
    not_needed: "niet nodig op deze pagina", "not needed on this page";
    loaded: "geladen", "loaded";
    load_failed: "fout bij laden", "failed to load";
    being_loaded: "wordt geladen", "loading";
    rows_until: " rijen · data t/m ", " rows · data up to ";
    contains: "bevat “{}”", "contains “{}”";
    empty: "leeg", "empty";
    not_empty: "niet leeg", "not empty";
    no_filters: "Geen filters: u ziet alle gegevens. Klik op een staaf of gebruik de filters om in te zoomen.",
        "No filters: you see all data. Click a bar or use the filters to zoom in.";
    remove_filter: "Filter verwijderen: {}", "Remove filter: {}";
    clear_all: "Alles wissen", "Clear all";
    close: "Sluiten", "Close";
    active_filters: "Actieve filters", "Active filters";
    announce_filters: "Filters: {}.", "Filters: {}.";
    announce_no_filters: "Geen filters: alle gegevens.", "No filters: all data.";
    announce_rows: "{} rijen voldoen.", "{} rows match.";
    filters: "Filters", "Filters";
    show_figures: "Toon de cijfers", "Show the figures";
    from: "Van", "From";
    to: "Tot en met", "Up to and including";
    through: "t/m", "to";
    click_to_filter: "klik op een staaf om te filteren", "click a bar to filter";
    map_no_data: "geen gegevens", "no data";
    map_hint: "Kaart per {}: klik op een gebied om te filteren", "Map per {}: click an area to filter";
    map_missing: "Niet op de kaart (geen grens met deze naam): {}.", "Not on the map (no boundary with this name): {}.";
    keys_bins: "kies een klasse met de pijltjes, Enter selecteert, Shift+Enter breidt uit, Escape wist",
        "choose a class with the arrow keys, Enter selects, Shift+Enter extends, Escape clears";
    keys_periods: "{}: kies een periode met de pijltjes, Enter selecteert, Shift+Enter breidt uit, Escape wist",
        "{}: choose a period with the arrow keys, Enter selects, Shift+Enter extends, Escape clears";
    keys_points: "{}: kies een punt met de pijltjes, Enter filtert", "{}: choose a point with the arrow keys, Enter filters";
    no_data: "Geen gegevens bij deze filters.", "No data under these filters.";
    histogram_summary: "{} naar {}: het meest bij {} ({}); {} klassen, elk {} breed.",
        "{} by {}: most at {} ({}); {} classes, each {} wide.";
    loading_progress: "Gegevens laden: ", "Loading data: ";
    of: " van ", " of ";
    load_errors_title: "Niet alle gegevens konden worden geladen", "Not all data could be loaded";
    load_errors_help: "De rest van de pagina werkt gewoon. Controleer het bestand op de server, of maak het opnieuw met ",
        "The rest of the page works as usual. Check the file on the server, or make it again with ";
    or: " of ", " or ";
    spec_error_title: "Het dashboardbestand kon niet worden gelezen", "The dashboard file could not be read";
    search_rows: "Zoek in de rijen", "Search the rows";
    search: "Zoek", "Search";
    previous: "Vorige", "Previous";
    next: "Volgende", "Next";
    page_of_rows: "Pagina {} van {} · {} rijen", "Page {} of {} · {} rows";
    page_of_areas: "Pagina {} van {} · {} buurten", "Page {} of {} · {} areas";
    demand_caption: "Verwachte gebruikers per buurt, basisjaar {} ({})",
        "Expected users per area, base year {} ({})";
    demand_region: "Tabel verwachte gebruikers per buurt", "Table of expected users per area";
    demand_area: "Buurt", "Area";
    demand_now: "Nu ({})", "Now ({})";
    demand_ahead: "Over {} jaar", "In {} years";
    demand_ahead_one: "Over 1 jaar", "In 1 year";
    demand_change: "Verschil", "Change";
    demand_interval: "80 %: {}–{}", "80 %: {}–{}";
    demand_how: "Hoe berekend", "How computed";
    demand_explain: "Uitleg", "Explanation";
    demand_explain_of: "Uitleg {}", "Explanation {}";
    demand_notes: "Klik op een kolomkop om te sorteren; nog eens klikken keert de volgorde om. De gemeente is de som van de buurten.",
        "Click a column heading to sort; click again to reverse the order. The municipality is the sum of its areas.";
    demand_not_ready: "de pagina is nog niet klaar", "the page is not ready yet";
    demand_filters_note: "De filters van de pagina gelden niet voor deze tabel: de prognose gebruikt alle buurten en het laatste volledige jaar.",
        "The page's filters do not apply to this table: the projection uses every area and the last full year.";
    scatter_caption: "{} (verticaal) tegen {} (horizontaal), per {}", "{} (vertical) against {} (horizontal), per {}";
    total_paren: "{}: {} (totaal {})", "{}: {} (total {})";
    show: "Toon", "Show";
    per_word: "per", "by";
    download_csv: "Download CSV", "Download CSV";
    layers_table: "Toon per laag als tabel", "Show per layer as table";
    bottom_up: "van onder naar boven", "from bottom to top";
    others: "Overige", "Other";
    notice_address: "Niet alle filters uit het adres konden worden toegepast: {}",
        "Not all filters in the address could be applied: {}";
    notice_page: "Pagina `{}` kan niet worden opgebouwd: {}", "Page `{}` cannot be built: {}";
    notice_filter: "Dit filter kon niet worden toegepast: {}", "This filter could not be applied: {}";
    notice_spec_stale: "dashboard.toml is gewijzigd na de laatste `helder check`; deze pagina volgt nog de gecontroleerde versie. Voer `helder check` uit op de gegevensmap om de wijziging te tonen.",
        "dashboard.toml was changed after the last `helder check`; this page still follows the checked version. Run `helder check` on the data folder to show the change.";
    bar_summary: "{} per {}: hoogste {} met {}, laagste {} met {}; {} groepen.",
        "{} per {}: highest {} with {}, lowest {} with {}; {} groups.";
    one_summary: "{} voor {}: {}.", "{} for {}: {}.";
    budget_not_split_one: "Het filter op {} geldt hier niet: het budget is daar niet naar verdeeld.",
        "The filter on {} does not apply here: the budget is not split by it.";
    budget_not_split_many: "De filters op {} gelden hier niet: het budget is daar niet naar verdeeld.",
        "The filters on {} do not apply here: the budget is not split by them.";
    not_applying_one: "Het filter op {} geldt hier niet: deze gegevens hebben die indeling niet.",
        "The filter on {} does not apply here: this data has no such breakdown.";
    not_applying_many: "De filters op {} gelden hier niet: deze gegevens hebben die indelingen niet.",
        "The filters on {} do not apply here: this data has no such breakdowns.";
    date_unknown: "Datum van de gegevens onbekend", "Date of the data unknown";
    stale: "Let op: deze gegevens zijn {} dagen oud (de afspraak is hoogstens {}); vraag om een nieuwe levering.",
        "Note: this data is {} days old (the agreement is at most {}); ask for a new delivery.";
    saved_notice: "Geen verbinding: u ziet de gegevens die op {} in deze browser zijn bewaard ({}). De cijfers lopen t/m {}.",
        "No connection: you see the data saved in this browser on {} ({}). The figures run up to {}.";
    at_time: "{} om {}", "{} at {}";
    just_now: "zojuist", "just now";
    minutes_ago: "minuten geleden", "minutes ago";
    hours_ago: "uur geleden", "hours ago";
    days_ago: "dagen geleden", "days ago";
}

/// The texts in the reader's language.
pub fn t() -> &'static Texts {
    match locale::current() {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub use helder_core::locale::fill;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_in_order_and_both_languages_have_the_same_placeholders() {
        assert_eq!(fill("{} per {}", &["Kosten", "wijk"]), "Kosten per wijk");
        assert_eq!(fill("no holes", &["x"]), "no holes");
        let count = |s: &str| s.matches("{}").count();
        for (nl, en) in PAIRS {
            assert_eq!(count(nl), count(en), "{nl} / {en}");
        }
    }
}
