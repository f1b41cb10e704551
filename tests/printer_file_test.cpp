// Printer files: the built-in data, user files, and every way a file can be wrong.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "podcover/errors.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;

namespace {

std::string builtin_text(const std::string& name) {
    for (const auto& file : builtin_printer_files()) {
        if (file.name == name)
            return std::string(file.text);
    }
    FAIL("no built-in printer file " << name);
    return {};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

int line_of(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::string error_of(const std::string& text) {
    try {
        parse_printer_file(text, "test.toml");
    } catch (const InputError& error) {
        return error.what();
    }
    FAIL("the printer file was accepted");
    return {};
}

// Every sourced number: tagged with a known source, or UNVERIFIED with a note.
template <class T>
void check_sourced(const PrinterSpec& printer, const Sourced<T>& sourced, const std::string& what) {
    INFO(printer.id << ": " << what);
    const Source& source = sourced.source;
    if (source.evidence == Evidence::unverified) {
        CHECK_FALSE(source.note.empty());
        return;
    }
    CHECK_FALSE(source.tags.empty());
    if (source.evidence == Evidence::decided)
        CHECK_FALSE(source.note.empty());
}

}  // namespace

TEST_CASE("the built-in printers load", "[printer-file]") {
    const auto& kdp = test::printer("kdp");
    const auto& ingram = test::printer("ingramspark");
    CHECK(kdp.name == "KDP");
    CHECK(ingram.name == "IngramSpark");
    CHECK(kdp.find_binding(Binding::paperback));
    CHECK(kdp.find_binding(Binding::case_laminate));
    CHECK_FALSE(kdp.find_binding(Binding::dust_jacket));  // KDP offers no dust jacket
    CHECK(ingram.find_binding(Binding::dust_jacket));
    CHECK(kdp.find_paper("creme") == kdp.find_paper("cream"));
    CHECK(ingram.find_paper("creme")->id == "cream");

    // 16 KDP paperback trims.
    std::set<std::pair<Length, Length>> trims;
    for (const auto& offer : kdp.find_binding(Binding::paperback)->offers) {
        for (const auto& trim : offer.trims)
            trims.emplace(trim.width, trim.height);
    }
    CHECK(trims.size() == 16);
}

TEST_CASE("IngramSpark's spine tables are transcribed whole", "[printer-file][tables]") {
    const auto& tables = test::printer("ingramspark").spine_tables;
    CHECK(tables.size() == 12);
    const auto rows = [&](const std::string& id) { return tables.at(id)->rows.size(); };
    CHECK(rows("white-50-paperback") == 592);  // 18 to 1200 in steps of 2
    CHECK(rows("creme-50-paperback") == 517);  // 18 to 1050
    // The source CSV ends in a "0,0.0000" filler row, which is not a page count.
    CHECK(rows("creme-50-casebound") == 517);
    CHECK(tables.at("creme-50-casebound")->last_pages() == 1050);
    CHECK(rows("white-70-casebound") == 442);  // 18 to 900
    CHECK(tables.at("creme-50-paperback")->lookup(144) == 0.3353_in);
    CHECK(tables.at("white-50-paperback")->lookup(300) == 0.6288_in);
    CHECK(tables.at("white-70-casebound")->lookup(238) == 0.8125_in);
    CHECK(tables.at("groundwood-38-paperback")->lookup(900) == 2.2268_in);
    CHECK_FALSE(tables.at("white-50-paperback")->lookup(301));
    for (const auto& [id, table] : tables) {
        INFO(id);
        CHECK(table->source.tags == "LSI-TAB");
        for (std::size_t i = 1; i < table->rows.size(); ++i) {
            CHECK(table->rows[i].pages == table->rows[i - 1].pages + 2);
            CHECK(table->rows[i].spine_width >= table->rows[i - 1].spine_width);
        }
        if (id.find("casebound") != std::string::npos) {
            for (const auto& row : table->rows)
                CHECK(row.spine_width.is_multiple_of(0.0625_in));
        }
    }
}

TEST_CASE("every printer number carries its source", "[printer-file]") {
    for (const auto& printer : test::catalog().printers()) {
        for (const auto& spec : printer.bindings) {
            const std::string b(binding_id(spec.binding));
            if (spec.binding != Binding::case_laminate)
                check_sourced(printer, spec.bleed, b + ".bleed");
            if (spec.binding == Binding::case_laminate) {
                check_sourced(printer, spec.wrap, b + ".wrap");
                check_sourced(printer, spec.board_width_delta, b + ".board_width_delta");
                check_sourced(printer, spec.board_height_delta, b + ".board_height_delta");
                check_sourced(printer, spec.hinge, b + ".hinge");
            }
            check_sourced(printer, spec.safe_margin, b + ".safe_margin");
            check_sourced(printer, spec.fold_variance, b + ".fold_variance");
            check_sourced(printer, spec.spine_text.min_pages, b + ".spine_text.min_pages");
            check_sourced(printer, spec.spine_text.clearance, b + ".spine_text.clearance");
            check_sourced(printer, spec.barcode.size, b + ".barcode.size");
            check_sourced(printer, spec.barcode.from_spine, b + ".barcode.from_spine");
            check_sourced(printer, spec.barcode.from_bottom, b + ".barcode.from_bottom");
            for (const auto& [paper, rule] : spec.spine) {
                if (rule.per_page)
                    check_sourced(printer, *rule.per_page, b + ".spine." + paper);
                if (rule.table)
                    CHECK_FALSE(rule.table_source.tags.empty());
            }
            auto check_pages = [&](const PageLimits& limits, const std::string& what) {
                check_sourced(printer, limits, what);
                if (!limits.accepted)
                    return;
                // Accepted beyond the stated range: UNVERIFIED, yet tagged with its evidence.
                check_sourced(printer, *limits.accepted, what + " (accepted)");
                CHECK(limits.accepted->source.evidence == Evidence::unverified);
                CHECK_FALSE(limits.accepted->source.tags.empty());
            };
            for (const auto& [paper, range] : spec.pages)
                check_pages(range, b + ".pages." + paper);
            for (const auto& offer : spec.offers) {
                CHECK_FALSE(offer.source.tags.empty());
                for (const auto& [paper, range] : offer.pages)
                    check_pages(range, b + ".offers.pages." + paper);
            }
        }
    }
}

TEST_CASE("a user's printer file is read and can replace a built-in printer", "[printer-file]") {
    const PrinterSpec example =
        read_printer_file(PODCOVER_TEST_DATA "/printer-files/example-printer.toml");
    CHECK(example.id == "example");
    const Layout layout =
        compute_layout(example, BookSpec{Binding::paperback, Size::parse("6x9in"), 300, "white"})
            .layout.value();
    CHECK(layout.spine_width == 16_mm);  // 300 x 0.05 mm + 1 mm
    CHECK(layout.sheet == Size{Length::from_in(12) + 16_mm + 6_mm, Length::from_in(9) + 6_mm});
    CHECK_THAT(test::messages(layout.notes),
               Catch::Contains("barcode distance from the bottom (0.393701 in) is UNVERIFIED"));

    PrinterCatalog catalog = PrinterCatalog::builtin();
    catalog.add(example);
    CHECK(catalog.ids() == std::vector<std::string>{"kdp", "ingramspark", "example"});
    PrinterSpec renamed = example;
    renamed.id = "kdp";
    catalog.add(renamed);
    CHECK(catalog.find("kdp")->name == "Example Press");
    CHECK(catalog.ids().size() == 3);
}

TEST_CASE("a printer file with impossible margins gives errors, not a layout",
          "[printer-file][errors]") {
    // Well-formed numbers that cannot make a cover: a safe margin wider than half the trim.
    const PrinterSpec wide = parse_printer_file(
        replaced(builtin_text("kdp.toml"),
                 "safe_margin = { value = \"0.125in\", source = \"KDP-H, KDP-CALC\"",
                 "safe_margin = { value = \"4in\", source = \"KDP-H, KDP-CALC\""),
        "wide.toml");
    const LayoutResult result =
        compute_layout(wide, BookSpec{Binding::paperback, Size{6_in, 9_in}, 300, "white"});
    CHECK_FALSE(result.layout);
    REQUIRE_FALSE(result.errors.empty());
    CHECK(result.errors[0].code == "impossible-layout");
    CHECK_THAT(result.errors[0].message,
               Catch::Contains("region") && Catch::Contains("check its margins and sizes in"));
}

TEST_CASE("printer-file errors name the file, line and key, and the fix",
          "[printer-file][errors]") {
    const std::string kdp = builtin_text("kdp.toml");
    REQUIRE_NOTHROW(parse_printer_file(kdp, "test.toml"));

    SECTION("a misspelt key, with the nearest known key") {
        const auto text =
            replaced(kdp, "safe_margin = { value = \"0.125in\", source = \"KDP-H, KDP-CALC\"",
                     "safe_margn = { value = \"0.125in\", source = \"KDP-H, KDP-CALC\"");
        CHECK(error_of(text) ==
              "test.toml:" + std::to_string(line_of(text, "safe_margn")) +
                  ": paperback.safe_margn: unknown key 'safe_margn'; did you mean 'safe_margin'?");
    }
    SECTION("an unknown extra key") {
        const auto text =
            replaced(kdp, "[paperback.spine_text]\n", "[paperback.spine_text]\ncolour = 3\n");
        CHECK_THAT(error_of(text),
                   Catch::StartsWith("test.toml:" + std::to_string(line_of(text, "colour"))) &&
                       Catch::Contains("unknown key 'colour'"));
    }
    SECTION("a length without a unit") {
        const auto text =
            replaced(kdp, "bleed = { value = \"0.125in\"", "bleed = { value = \"0.125\"");
        CHECK_THAT(
            error_of(text),
            Catch::Contains("paperback.bleed.value: '0.125' has no unit: write it as 0.125in"));
    }
    SECTION("a number without its source") {
        const auto text = replaced(kdp, "per_page = { value = \"0.0025in\", source = \"KDP-H\" }",
                                   "per_page = { value = \"0.0025in\" }");
        CHECK_THAT(error_of(text), Catch::Contains("paperback.spine.cream.per_page") &&
                                       Catch::Contains("needs the tag of its source"));
    }
    SECTION("a bare number, not a sourced one") {
        const auto text = replaced(kdp, "per_page = { value = \"0.0025in\", source = \"KDP-H\" }",
                                   "per_page = \"0.0025in\"");
        CHECK_THAT(error_of(text), Catch::Contains("every printer number carries its source"));
    }
    SECTION("an unknown source tag") {
        const auto text = replaced(kdp, "per_page = { value = \"0.0025in\", source = \"KDP-H\" }",
                                   "per_page = { value = \"0.0025in\", source = \"KDP-HH\" }");
        CHECK_THAT(error_of(text),
                   Catch::Contains("unknown source tag 'KDP-HH'; did you mean 'KDP-H'?"));
    }
    SECTION("DECIDED without a reason") {
        const auto text = replaced(kdp, "status = \"DECIDED\", note = \"the help says both",
                                   "status = \"DECIDED\", nota = \"the help says both");
        CHECK_THAT(error_of(text), Catch::Contains("unknown key 'nota'"));
        const auto bare = replaced(
            kdp,
            "min_pages = { value = 80, source = \"KDP-H\", status = \"DECIDED\", note = \"the help "
            "says both 'at least 79' and 'more than 79'; Cover Creator uses 80\" }",
            "min_pages = { value = 80, source = \"KDP-H\", status = \"DECIDED\" }");
        CHECK_THAT(error_of(bare), Catch::Contains("a DECIDED number needs a note that says why"));
    }
    SECTION("an offered paper without a spine rule") {
        const auto text = replaced(kdp,
                                   "[paperback.spine.premium-color]\nper_page = { value = "
                                   "\"0.002347in\", source = \"KDP-H, CS\" }\n",
                                   "");
        CHECK_THAT(error_of(text),
                   Catch::Contains("paper 'premium-color' has no spine rule in [paperback.spine]"));
    }
    SECTION("a spine that would not grow, or would shrink") {
        const auto zero = replaced(kdp, "per_page = { value = \"0.0025in\", source = \"KDP-H\" }",
                                   "per_page = { value = \"0in\", source = \"KDP-H\" }");
        CHECK_THAT(error_of(zero), Catch::Contains("paperback.spine.cream.per_page") &&
                                       Catch::Contains("must be positive"));
        const auto negative =
            replaced(kdp, "constant = { value = \"0.189in\"", "constant = { value = \"-0.189in\"");
        CHECK_THAT(error_of(negative),
                   Catch::Contains("constant") && Catch::Contains("must not be negative"));
    }
    SECTION("not TOML at all") {
        const auto text = replaced(kdp, "\n[sources]\n", "\n[sources\n");
        CHECK_THAT(
            error_of(text),
            Catch::StartsWith("test.toml:" + std::to_string(line_of(text, "\n[sources\n") + 1)) &&
                Catch::Contains("not valid TOML"));
    }
    SECTION("another format version") {
        CHECK_THAT(error_of(replaced(kdp, "format = 1", "format = 2")),
                   Catch::Contains("reads printer-file format 1"));
    }
    SECTION("an accepted page range that is malformed, narrower, sourced or alone") {
        const std::string stated =
            "pages.standard-color = { value = [72, 600], source = "
            "\"KDP-H\" }\naccepted_pages.standard-color = { value = ";
        CHECK_THAT(error_of(replaced(kdp, stated + "[24, 600]", stated + "[24]")),
                   Catch::Contains("paperback.offers.accepted_pages.standard-color.value: "
                                   "expected [min, max] page counts"));
        CHECK_THAT(error_of(replaced(kdp, stated + "[24, 600]", stated + "[24, 590]")),
                   Catch::Contains("accepted range [24, 590] does not widen "
                                   "pages.standard-color [72, 600]"));
        CHECK_THAT(error_of(replaced(kdp,
                                     "source = \"KDP-CALC, KDP-H\", status = \"UNVERIFIED\", "
                                     "note = \"the table's minimum is 72",
                                     "source = \"KDP-CALC, KDP-H\", note = \"the table's minimum "
                                     "is 72")),
                   Catch::Contains("give it status = \"UNVERIFIED\" and a note naming that "
                                   "evidence"));
        const auto alone = replaced(
            kdp, "pages.standard-color = { value = [72, 600], source = \"KDP-H\" }\naccepted",
            "accepted");
        CHECK_THAT(error_of(alone),
                   Catch::Contains("accepted_pages.standard-color: widens pages.standard-color, "
                                   "which this table does not give"));
    }
    SECTION("a spine table out of order") {
        const std::string ingram = builtin_text("ingramspark.toml");
        const auto text = replaced(ingram, "[20, \"0.0414\"]", "[20, \"0.0314\"]");
        CHECK_THAT(error_of(text), Catch::Contains("row for 20 pages breaks the order"));
    }
    SECTION("a missing file") {
        CHECK_THROWS_WITH(
            read_printer_file("/nonexistent/printer.toml"),
            Catch::Contains("/nonexistent/printer.toml: cannot open the printer file"));
    }
}

TEST_CASE("damaged printer files are refused, never crash", "[printer-file][errors][regression]") {
    // Each file in data/printer-files/bad names the error it must give on its first line:
    // "# expect: <text>".
    int files = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(PODCOVER_TEST_DATA "/printer-files/bad")) {
        std::ifstream in(entry.path());
        std::string first;
        std::getline(in, first);
        const std::string prefix = "# expect: ";
        REQUIRE(first.rfind(prefix, 0) == 0);
        INFO(entry.path().filename().string());
        CHECK_THROWS_WITH(read_printer_file(entry.path()),
                          Catch::Contains(first.substr(prefix.size())));
        ++files;
    }
    CHECK(files >= 5);
}

TEST_CASE("a malformed accepted page range is refused in one line naming file, line and key",
          "[printer-file][errors]") {
    const std::string path = PODCOVER_TEST_DATA "/printer-files/bad/accepted-pages.toml";
    CHECK_THROWS_WITH(read_printer_file(path),
                      path +
                          ":24: paperback.offers.accepted_pages.white: accepted range [30, 600] "
                          "does not widen pages.white [24, 600]: it must contain it and reach "
                          "beyond it");
}

TEST_CASE("KDP's paperback page ranges are PRINTERS.md's table, standard color from 24",
          "[printer-file][kdp-calc]") {
    // PRINTERS.md section 1 [KDP-H]. Standard color: 72-600 as the table says, and accepted
    // from 24 (UNVERIFIED) since the Cover Calculator made a 68-page template [KDP-CALC]; on
    // A4, which the table leaves out, offered on that evidence with the other trims' limits.
    const struct {
        std::vector<std::string> trims;
        int white, cream, premium;
        bool groundwood_read;
    } rows[] = {
        {{"5x8in"}, 828, 776, 828, true},
        {{"5.06x7.81in", "5.25x8in", "5.5x8.5in", "6x9in", "6.14x9.21in", "6.69x9.61in", "7x10in",
          "7.44x9.69in", "7.5x9.25in", "8x10in"},
         828,
         776,
         828,
         false},
        {{"8.25x6in", "8.25x8.25in"}, 800, 750, 800, false},
        {{"8.5x8.5in", "8.5x11in"}, 590, 550, 590, false},
        {{"8.27x11.69in"}, 780, 730, 590, false},
    };
    const auto& kdp = test::printer("kdp");
    int trims = 0;
    for (const auto& row : rows) {
        for (const auto& text : row.trims) {
            INFO(text);
            ++trims;
            const Size trim = Size::parse(text);
            auto limits = [&](const char* paper) {
                auto pages = accepted_pages(kdp, Binding::paperback, trim, paper);
                REQUIRE(pages);
                CHECK(pages->reference_trim == trim);
                return *pages;
            };
            auto range = [](const Sourced<PageRange>& r) {
                return std::pair{r.value.min, r.value.max};
            };
            const auto white = limits("white"), cream = limits("cream"),
                       premium = limits("premium-color"), groundwood = limits("groundwood"),
                       color = limits("standard-color");
            CHECK(range(white.accepted) == std::pair{24, row.white});
            CHECK(range(cream.accepted) == std::pair{24, row.cream});
            CHECK(range(premium.accepted) == std::pair{24, row.premium});
            CHECK(range(groundwood.accepted) == std::pair{24, 812});
            for (const auto& sourced : {white, cream, premium}) {
                CHECK(sourced.beyond_stated().empty());
                CHECK(sourced.stated.source.evidence == Evidence::sourced);
            }
            CHECK((groundwood.stated.source.evidence == Evidence::sourced) == row.groundwood_read);
            CHECK(range(color.stated) == std::pair{72, 600});
            CHECK(range(color.accepted) == std::pair{24, 600});
            CHECK(color.accepted.source.evidence == Evidence::unverified);
            CHECK((color.stated.source.evidence == Evidence::sourced) == (text != "8.27x11.69in"));
        }
    }
    CHECK(trims == 16);
}
