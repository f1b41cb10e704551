// The real podcover binary: its text, its JSON and its exit codes (docs/exit-codes.md).
#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_podcover.hpp"
#include "support.hpp"

using Catch::Contains;
using podcover::test::Run;
using podcover::test::run_podcover;

namespace {
nlohmann::json json_of(const Run& run) {
    INFO(run.err);
    REQUIRE_NOTHROW(nlohmann::json::parse(run.out));
    return nlohmann::json::parse(run.out);
}

const nlohmann::json& printer_entry(const nlohmann::json& doc, const std::string& id) {
    for (const auto& entry : doc.at("printers")) {
        if (entry.at("printer") == id)
            return entry;
    }
    FAIL("no printer " << id << " in the JSON");
    return doc;
}

const nlohmann::json& region(const nlohmann::json& entry, const std::string& name) {
    for (const auto& r : entry.at("regions")) {
        if (r.at("name") == name)
            return r;
    }
    FAIL("no region " << name);
    return entry;
}
}  // namespace

TEST_CASE("spec compares both printers in text", "[cli][spec]") {
    const Run run = run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white"});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK_THAT(run.out, Contains("6 \xC3\x97 9 in (152.4 \xC3\x97 228.6 mm) paperback, 300 pages"));
    CHECK_THAT(run.out, Contains("spine width           0.6756 in                   0.629 in"));
    CHECK_THAT(
        run.out,
        Contains(
            "full wrap (PDF page)  12.9256 \xC3\x97 9.25 in           12.879 \xC3\x97 9.25 in"));
    CHECK_THAT(run.out, Contains("IngramSpark's spine is 0.047 in (1.18 mm) narrower than KDP's"));
    CHECK_THAT(run.out, Contains("it exceeds it from 358 pages on"));
    CHECK_THAT(run.out, Contains("spine-text  6.1875  0.25   0.5506   8.75"));
    CHECK_THAT(run.out, Contains("IngramSpark: the trim and paper list (6 \xC3\x97 9 in paperback "
                                 "on white) is UNVERIFIED"));
}

TEST_CASE("spec in millimetres and points", "[cli][spec]") {
    const Run mm = run_podcover({"spec", "--trim", "152.4x228.6mm", "--pages", "300", "--paper",
                                 "white", "--printer", "kdp", "--units", "mm"});
    CHECK(mm.exit_code == 0);
    CHECK_THAT(mm.out, Contains("spine width           17.16 mm"));  // 0.6756 in
    CHECK_THAT(mm.out, Contains("328.31 \xC3\x97 234.95 mm"));
    const Run pt = run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                                 "--printer", "kdp", "--units", "pt"});
    CHECK_THAT(pt.out, Contains("930.64 \xC3\x97 666 pt"));
}

TEST_CASE("spec --json follows docs/json.md", "[cli][spec][json]") {
    const Run run =
        run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white", "--json"});
    CHECK(run.exit_code == 0);
    const auto doc = json_of(run);
    CHECK(doc.at("book").at("pages") == 300);
    REQUIRE(doc.at("printers").size() == 2);
    const auto& kdp = printer_entry(doc, "kdp");
    CHECK(kdp.at("binding") == "paperback");
    CHECK(kdp.at("paper") == "white");
    CHECK(kdp.at("pages") == 300);
    CHECK(kdp.at("trim_width_in") == 6.0);
    CHECK(kdp.at("trim_height_in") == 9.0);
    CHECK(kdp.at("spine_width_in") == 0.6756);
    CHECK(kdp.at("cover_width_in") == 12.9256);
    CHECK(kdp.at("cover_height_in") == 9.25);
    CHECK(kdp.at("bleed_in") == 0.125);
    CHECK(kdp.at("spine_text_allowed") == true);
    CHECK(kdp.at("warnings").empty());
    CHECK(kdp.at("notes").empty());
    const auto& spine = region(kdp, "spine");
    CHECK(spine.at("x_in") == 6.125);
    CHECK(spine.at("y_in") == 0.125);
    CHECK(spine.at("width_in") == 0.6756);
    CHECK(spine.at("height_in") == 9.0);
    const auto& ingram = printer_entry(doc, "ingramspark");
    CHECK(ingram.at("spine_width_in") == 0.629);
    CHECK(ingram.at("cover_width_in") == 12.879);
    CHECK(ingram.at("notes").size() == 1);
    CHECK(doc.at("comparisons").at(0).at("beyond_from_pages") == 358);
    CHECK(doc.at("comparisons").at(0).at("spine_difference_in") == -0.0466);
}

TEST_CASE("spec --json for every binding gives the worked examples", "[cli][spec][json]") {
    const auto jacket =
        json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                              "--binding", "dust-jacket", "--printer", "ingramspark", "--json"}));
    CHECK(printer_entry(jacket, "ingramspark").at("spine_width_in") == 0.6875);
    CHECK(printer_entry(jacket, "ingramspark").at("cover_width_in") == 20.8125);
    CHECK(printer_entry(jacket, "ingramspark").at("cover_height_in") == 9.5);
    const auto cased = json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper",
                                             "white", "--binding", "case-laminate", "--json"}));
    CHECK(printer_entry(cased, "ingramspark").at("cover_width_in") == 14.5675);
    CHECK(printer_entry(cased, "ingramspark").at("cover_height_in") == 10.5);
    const auto hard =
        json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "250", "--paper", "white",
                              "--binding", "hardcover", "--printer", "kdp", "--json"}));
    CHECK(printer_entry(hard, "kdp").at("spine_width_in") == 0.752);
    CHECK(printer_entry(hard, "kdp").at("cover_width_in").get<double>() ==
          Approx(14.327).margin(0.0005));
    CHECK(printer_entry(hard, "kdp").at("cover_height_in").get<double>() ==
          Approx(10.417).margin(0.0005));
    CHECK(printer_entry(hard, "kdp").at("binding") == "case-laminate");
}

TEST_CASE("a paper per printer", "[cli][spec]") {
    const auto doc = json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper",
                                           "kdp=cream,ingramspark=creme", "--json"}));
    CHECK(printer_entry(doc, "kdp").at("spine_width_in") == 0.75);
    CHECK(printer_entry(doc, "ingramspark").at("spine_width_in") == 0.674);
    CHECK(printer_entry(doc, "ingramspark").at("paper") == "cream");
    const auto mixed = json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper",
                                             "white,ingramspark=white-70", "--json"}));
    CHECK(printer_entry(mixed, "kdp").at("paper") == "white");
    CHECK(printer_entry(mixed, "ingramspark").at("paper") == "white-70");
}

TEST_CASE("a combination a printer does not offer exits 1 with one line per reason",
          "[cli][spec][exit]") {
    const Run run = run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                                  "--binding", "dust-jacket"});
    CHECK(run.exit_code == 1);
    CHECK(run.err ==
          "podcover: kdp: KDP does not offer dust-jacket; it offers paperback and case-laminate\n");
    CHECK_THAT(run.out, Contains("20.8125 \xC3\x97 9.5 in"));  // IngramSpark still laid out
    const auto doc = json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper",
                                           "white", "--binding", "dust-jacket", "--json"}));
    CHECK(printer_entry(doc, "kdp").at("ok") == false);
    CHECK_THAT(printer_entry(doc, "kdp").at("errors").at(0).get<std::string>(),
               Contains("does not offer dust-jacket"));
    CHECK(printer_entry(doc, "ingramspark").at("ok") == true);

    const Run pages = run_podcover(
        {"spec", "--trim", "6x9in", "--pages", "900", "--paper", "white", "--printer", "kdp"});
    CHECK(pages.exit_code == 1);
    CHECK(pages.err ==
          "podcover: kdp: KDP paperback on white paper at 6 \xC3\x97 9 in takes 24\xE2\x80\x93"
          "828 pages, not 900; nearest: 828\n");
}

TEST_CASE("usage errors exit 2 with the option, the value and the fix", "[cli][exit]") {
    const struct {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"spec", "--trim", "6x9", "--pages", "300", "--paper", "white"},
         "podcover: --trim: '6x9' has no unit: write it as 6x9in or 6x9mm\n"},
        {{"spec", "--trim", "6x9in", "--pages", "three", "--paper", "white"},
         "podcover: --pages: 'three' is not a page count: give a whole number such as 300\n"},
        {{"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white", "--printer", "lulu"},
         "podcover: --printer: unknown printer 'lulu'; podcover knows kdp and ingramspark (or "
         "all)\n"},
        {{"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white", "--binding",
          "papreback"},
         "podcover: --binding: unknown binding 'papreback'; use paperback, case-laminate (or "
         "hardcover) or dust-jacket; did you mean paperback?\n"},
        {{"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white", "--units", "yd"},
         "podcover: --units: unknown unit 'yd'; use in, cm, mm or pt\n"},
        {{"spec", "--trim", "6x9in", "--pages", "300", "--paper", "kdp=cream"},
         "podcover: --paper: no paper for ingramspark: add ingramspark=<paper>, or give one paper "
         "for all printers\n"},
        {{"spec", "--trim", "6x9in", "--pages", "300", "--paper", "lulu=cream,white"},
         "podcover: --paper: 'lulu' is not a printer being laid out (kdp and ingramspark)\n"},
        {{"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white,cream"},
         "podcover: --paper: two papers for every printer, white and cream; give one, or one per "
         "printer: kdp=white,ingramspark=cream\n"},
        {{"check", "cover.pdf", "--paper", "crem"},
         "podcover: --paper: unknown paper 'crem'; the papers are white, cream, creme, "
         "groundwood, standard-color, premium-color, standard-color-70 and white-70; did you "
         "mean cream?\n"},
        {{"chek", "cover.pdf"},
         "podcover: unknown command 'chek'; the commands are spec, printers, render, series, "
         "template, check and adapt; did you mean check?\n"},
    };
    for (const auto& c : cases) {
        const Run run = run_podcover(c.args);
        INFO(c.message);
        CHECK(run.exit_code == 2);
        CHECK(run.err == c.message);
        CHECK(run.out.empty());
    }
    const Run missing = run_podcover({"spec", "--trim", "6x9in"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err ==
          "podcover: spec: --pages and --paper are missing; for example podcover "
          "spec --pages 300 --paper white\n");
    CHECK(run_podcover({}).exit_code == 2);
    CHECK(run_podcover({"frobnicate"}).exit_code == 2);
}

namespace {
// A line's words, split at spaces; "double quotes" keep a word's spaces.
// Words split at spaces; "double quotes" keep a word's spaces; \xHH is that byte.
std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    bool quoted = false, in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && text.compare(i, 2, "\\x") == 0 && i + 3 < text.size()) {
            word += static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16));
            in_word = true;
            i += 3;
        } else if (c == '"') {
            quoted = !quoted;
            in_word = true;
        } else if (c == ' ' && !quoted) {
            if (in_word)
                words.push_back(word);
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word)
        words.push_back(word);
    return words;
}

std::string with_data(std::string text) {
    const std::string data = PODCOVER_TEST_DATA;
    for (std::size_t at = text.find("@DATA@"); at != std::string::npos;
         at = text.find("@DATA@", at + data.size())) {
        text.replace(at, 6, data);
    }
    return text;
}
}  // namespace

// tests/data/cli-mistakes.tests: one mistake per line, as HarfBuzz keeps its shaping cases.
TEST_CASE("a new user's mistakes: one line each, naming the option, the value and the fix",
          "[cli][exit][mistakes]") {
    std::ifstream file(PODCOVER_TEST_DATA "/cli-mistakes.tests");
    REQUIRE(file);
    std::string line;
    int cases = 0;
    while (std::getline(file, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const std::size_t first = line.find(" | ");
        const std::size_t second = line.find(" | ", first + 3);
        REQUIRE(second != std::string::npos);
        const int exit_code = std::stoi(line.substr(0, first));
        const auto args = words_of(with_data(line.substr(first + 3, second - first - 3)));
        const std::string expected = with_data(line.substr(second + 3));
        const Run run = run_podcover(args);
        INFO(line << "\n" << run.err);
        CHECK(run.exit_code == exit_code);
        CHECK_THAT(run.err, Contains(expected));
        // One line per reason, each in podcover's form; a usage, input or output error has one.
        std::istringstream lines(run.err);
        for (std::string reason; std::getline(lines, reason);)
            CHECK(reason.rfind("podcover: ", 0) == 0);
        if (exit_code != 1) {
            CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
            CHECK(run.out.empty());
        }
        ++cases;
    }
    CHECK(cases >= 40);
}

TEST_CASE("units in any case, centimetres exactly, and the --units of the report",
          "[cli][spec][units]") {
    for (const std::string trim :
         {"6X9IN", "6x9In", "15.24x22.86cm", "15.24X22.86CM", "152.4x228.6MM", "432x648Pt"}) {
        INFO(trim);
        const auto doc = json_of(run_podcover({"spec", "--trim", trim, "--pages", "300", "--paper",
                                               "white", "--printer", "kdp", "--json"}));
        CHECK(doc.at("book").at("trim_width_in") == 6.0);
        CHECK(doc.at("book").at("trim_height_in") == 9.0);
        CHECK(printer_entry(doc, "kdp").at("custom_trim") == false);
    }
    const Run cm = run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                                 "--printer", "kdp", "--units", "CM"});
    CHECK(cm.exit_code == 0);
    CHECK_THAT(cm.out, Contains("spine width           1.716 cm"));  // 0.6756 in
    CHECK_THAT(cm.out, Contains("32.831 \xC3\x97 23.495 cm"));       // 12.9256 x 9.25 in
}

TEST_CASE("help and version exit 0 and document the exit codes", "[cli][exit]") {
    const Run help = run_podcover({"--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Contains("Exit codes:") && Contains("3  an input file"));
    const Run spec_help = run_podcover({"spec", "--help"});
    CHECK(spec_help.exit_code == 0);
    CHECK_THAT(spec_help.out,
               Contains("--trim") && Contains("--printer-file") && Contains("Exit codes:"));
    const Run version = run_podcover({"--version"});
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.out, Contains("0."));
}

TEST_CASE(
    "a printer file on the command line adds a printer, and a broken one exits 3 naming file and "
    "line",
    "[cli][printer-file][exit]") {
    const std::string example = PODCOVER_TEST_DATA "/printer-files/example-printer.toml";
    const auto doc =
        json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                              "--printer-file", example, "--printer", "example", "--json"}));
    CHECK(printer_entry(doc, "example").at("spine_width_in").get<double>() == Approx(16.0 / 25.4));
    CHECK_THAT(printer_entry(doc, "example").at("notes").at(0).get<std::string>(),
               Contains("UNVERIFIED: a guess"));

    const std::string broken = PODCOVER_TEST_DATA "/printer-files/bad/page-range.toml";
    const Run run = run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                                  "--printer-file", broken});
    CHECK(run.exit_code == 3);
    CHECK(run.err == "podcover: " + broken +
                         ":23: paperback.offers.pages.white.value: page range [500, 24] is "
                         "not a range of positive page counts\n");
    const Run missing = run_podcover({"printers", "--printer-file", "/nonexistent.toml"});
    CHECK(missing.exit_code == 3);
    CHECK(missing.err ==
          "podcover: /nonexistent.toml: cannot open the printer file; check the path\n");
}

TEST_CASE("printers lists bindings, papers and trims from the data", "[cli][printers]") {
    const Run run = run_podcover({"printers"});
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Contains("KDP (kdp), built-in kdp.toml"));
    CHECK_THAT(run.out, Contains("cream (black ink on cream; also creme)"));
    CHECK_THAT(run.out, Contains("white 24\xE2\x80\x93"
                                 "828, cream 24\xE2\x80\x93"
                                 "776, groundwood 24\xE2\x80\x93"
                                 "812"));
    CHECK_THAT(run.out, Contains("custom trims from 4 \xC3\x97 6 in to 8.5 \xC3\x97 11.69 in"));
    CHECK_THAT(run.out, Contains("IngramSpark (ingramspark)"));
    CHECK_THAT(run.out, Contains("premium-color 18\xE2\x80\x93"
                                 "400"));
    CHECK_THAT(run.out, Contains("[LSI-TAB] Lightning Source spine-width lookup workbook"));
    // Numbers that are not the printer's own say so.
    CHECK_THAT(run.out, Contains("spine text from 80 pages (DECIDED)"));
    CHECK_THAT(run.out, Contains("groundwood 24\xE2\x80\x93"
                                 "812 (UNVERIFIED)"));

    const auto doc = json_of(run_podcover({"printers", "--printer", "ingramspark", "--json"}));
    REQUIRE(doc.at("printers").size() == 1);
    const auto& bindings = doc.at("printers").at(0).at("bindings");
    CHECK(bindings.size() == 3);
    CHECK(bindings.at(2).at("binding") == "dust-jacket");
    // KDP's groundwood page range is UNVERIFIED, and JSON says so with the reason.
    const auto kdp = json_of(run_podcover({"printers", "--printer", "kdp", "--json"}));
    nlohmann::json six_by_nine;
    for (const auto& trim : kdp.at("printers").at(0).at("bindings").at(0).at("trims")) {
        if (trim.at("width_in") == 6.0 && trim.at("height_in") == 9.0)
            six_by_nine = trim;
    }
    REQUIRE(six_by_nine.is_object());
    bool groundwood = false;
    for (const auto& paper : six_by_nine.at("papers")) {
        if (paper.at("paper") == "groundwood") {
            groundwood = true;
            CHECK(paper.at("evidence") == "UNVERIFIED");
            CHECK_FALSE(paper.at("note").get<std::string>().empty());
        } else if (paper.at("paper") == "white") {
            CHECK(paper.at("evidence") == "sourced");
        }
    }
    CHECK(groundwood);
}

TEST_CASE("what KDP accepts beyond its table is shown as UNVERIFIED", "[cli][printers][kdp-calc]") {
    const Run text = run_podcover({"printers", "--printer", "kdp"});
    CHECK(text.exit_code == 0);
    // 6 x 9 in: 72-600 from the table, 24-71 accepted on the Cover Calculator's evidence.
    CHECK_THAT(text.out, Contains("standard-color 24\xE2\x80\x93"
                                  "600 (24\xE2\x80\x93"
                                  "71 UNVERIFIED) and premium-color 24\xE2\x80\x93"
                                  "828"));
    // A4: standard color is offered, and all of its range is UNVERIFIED.
    CHECK_THAT(text.out, Contains("8.27 \xC3\x97 11.69") &&
                             Contains("standard-color 24\xE2\x80\x93"
                                      "600 (UNVERIFIED) and premium-color 24\xE2\x80\x93"
                                      "590"));
    CHECK_THAT(text.out, Contains("UNVERIFIED: the table's minimum is 72, but KDP's Cover "
                                  "Calculator made a 68-page standard-color template"));

    const auto doc = json_of(run_podcover({"printers", "--printer", "kdp", "--json"}));
    auto paper_on = [&](double width, double height, const std::string& paper) {
        for (const auto& trim : doc.at("printers").at(0).at("bindings").at(0).at("trims")) {
            if (trim.at("width_in") != width || trim.at("height_in") != height)
                continue;
            for (const auto& entry : trim.at("papers")) {
                if (entry.at("paper") == paper)
                    return entry;
            }
        }
        FAIL("no " << paper << " on " << width << " x " << height);
        return nlohmann::json();
    };
    const auto color = paper_on(6.0, 9.0, "standard-color");
    CHECK(color.at("min_pages") == 72);
    CHECK(color.at("max_pages") == 600);
    CHECK(color.at("evidence") == "sourced");
    CHECK(color.at("accepted").at("min_pages") == 24);
    CHECK(color.at("accepted").at("max_pages") == 600);
    CHECK(color.at("accepted").at("evidence") == "UNVERIFIED");
    CHECK_THAT(color.at("accepted").at("note").get<std::string>(), Contains("68-page"));
    CHECK(paper_on(6.0, 9.0, "white").at("accepted").is_null());
    const auto a4 = paper_on(8.27, 11.69, "standard-color");
    CHECK(a4.at("evidence") == "UNVERIFIED");
    CHECK(a4.at("accepted").at("min_pages") == 24);
}

TEST_CASE("spec lays out what KDP's calculator accepts, with the note, and refuses the rest",
          "[cli][spec][kdp-calc]") {
    const Run a4 = run_podcover({"spec", "--trim", "8.27x11.69in", "--pages", "68", "--paper",
                                 "standard-color", "--printer", "kdp"});
    INFO(a4.err);
    CHECK(a4.exit_code == 0);
    CHECK_THAT(a4.out, Contains("spine width           0.1531 in"));
    CHECK_THAT(a4.out, Contains("full wrap (PDF page)  16.9431 \xC3\x97 11.94 in"));
    CHECK_THAT(a4.out, Contains("- KDP: 68 pages on standard-color (outside the page range "
                                "72\xE2\x80\x93"
                                "600 pages, inside the accepted 24\xE2\x80\x93"
                                "600 pages) is UNVERIFIED"));
    const auto doc = json_of(run_podcover({"spec", "--trim", "6x9in", "--pages", "68", "--paper",
                                           "standard-color", "--printer", "kdp", "--json"}));
    const auto& kdp = printer_entry(doc, "kdp");
    CHECK(kdp.at("ok") == true);
    CHECK(kdp.at("spine_width_in") == 0.153136);
    REQUIRE(kdp.at("notes").size() == 1);
    CHECK_THAT(kdp.at("notes").at(0).get<std::string>(),
               Contains("68-page standard-color template") && Contains("[KDP-CALC, KDP-H]"));
    const auto& note = kdp.at("diagnostics").back();  // warnings first (no spine text), then notes
    CHECK(note.at("severity") == "note");
    CHECK(note.at("code") == "unverified");

    const Run refused = run_podcover({"spec", "--trim", "6x9in", "--pages", "601", "--paper",
                                      "standard-color", "--printer", "kdp"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err ==
          "podcover: kdp: KDP paperback on standard-color paper at 6 \xC3\x97 9 in "
          "takes 24\xE2\x80\x93"
          "600 pages (24\xE2\x80\x93"
          "71 UNVERIFIED), not 601; nearest: 600\n");
}
