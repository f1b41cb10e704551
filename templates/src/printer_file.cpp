#include "podcover/printer_file.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "podcover/data_file.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover {

namespace detail {
// Generated at build time from templates/*.toml (cmake/embed.cmake).
std::vector<EmbeddedFile> embedded_printer_files();
}  // namespace detail

namespace {

using namespace podcover::literals;

// The largest length a printer file may state (a bleed, a margin, a trim's side, a spine
// table's width): far beyond any cover, and small enough that a layout's sums of a dozen of
// them stay exact. A spine's width per page has its own, times the most pages any range
// allows (100,000): 1 in a page, some 400 times the thickest paper.
constexpr Length max_printer_length = Length::from_in(1000);
constexpr Length max_width_per_page = Length::from_in(1);

// Throws the reader's error for `key` when the length's magnitude passes `limit`.
Length within(TableReader& table, std::string_view key, Length value, Length limit,
              std::string_view what) {
    if (abs(value) > limit) {
        table.fail(key, value.format_with_unit(Unit::in, 6) + " is beyond the " +
                            limit.format_with_unit(Unit::in, 0) + " podcover allows for " +
                            std::string(what) + "; check the number and its unit");
    }
    return value;
}

Length bounded_length(TableReader& table, std::string_view key, const toml::node& node) {
    return within(table, key, table.length(key, node), max_printer_length,
                  "a length in a printer file");
}

Size bounded_size(TableReader& table, std::string_view key, const toml::node& node) {
    const Size size = table.size(key, node);
    within(table, key, size.width, max_printer_length, "a size in a printer file");
    within(table, key, size.height, max_printer_length, "a size in a printer file");
    return size;
}

class PrinterFileReader {
  public:
    explicit PrinterFileReader(const std::string& origin) : origin_(origin) {}

    PrinterSpec read(const toml::table& root);

  private:
    const std::string& origin_;
    PrinterSpec spec_;

    // ---- values ----------------------------------------------------------------------

    Source parse_source(TableReader& table, bool value_required_source) {
        Source source;
        if (const auto* tags = table.take("source"))
            source.tags = table.string("source", *tags);
        if (const auto* status = table.take("status")) {
            const std::string text = table.string("status", *status);
            if (text == "UNVERIFIED") {
                source.evidence = Evidence::unverified;
            } else if (text == "DECIDED") {
                source.evidence = Evidence::decided;
            } else {
                table.fail("status",
                           "unknown status '" + text + "': use \"DECIDED\" or \"UNVERIFIED\"");
            }
        }
        if (const auto* note = table.take("note"))
            source.note = table.string("note", *note);
        if (source.evidence != Evidence::sourced && source.note.empty()) {
            table.fail("note", "a " + std::string(evidence_id(source.evidence)) +
                                   " number needs a note that says why");
        }
        if (source.tags.empty() && source.evidence != Evidence::unverified &&
            value_required_source) {
            table.fail("source",
                       "every printer number needs the tag of its source (see [sources]), "
                       "or status = \"UNVERIFIED\" with a note");
        }
        std::stringstream tags(source.tags);
        std::string tag;
        while (std::getline(tags, tag, ',')) {
            tag.erase(0, tag.find_first_not_of(' '));
            tag.erase(tag.find_last_not_of(' ') + 1);
            if (tag.empty())
                continue;
            if (spec_.sources.count(tag) == 0) {
                std::vector<std::string> known;
                for (const auto& [name, text] : spec_.sources)
                    known.push_back(name);
                std::string message = "unknown source tag '" + tag + "'";
                if (auto nearest = nearest_name(tag, known))
                    message += "; did you mean '" + *nearest + "'?";
                else
                    message += "; define it under [sources]";
                table.fail("source", message);
            }
        }
        return source;
    }

    // A sourced number: { value = ..., source = "TAG", status = "...", note = "..." }.
    template <class T, class Parse>
    Sourced<T> sourced(TableReader& parent, std::string_view key, const toml::node& node,
                       Parse parse) {
        if (!node.is_table()) {
            parent.fail(key,
                        "expected { value = ..., source = \"TAG\" }: every printer number carries "
                        "its source");
        }
        TableReader table(origin_, *node.as_table(), parent.key_path(key));
        // Unknown keys first: a misspelt "note" should be named as such, not reported missing.
        for (const char* known : {"value", "source", "status", "note"})
            table.take(known);
        table.finish();
        Sourced<T> result;
        const toml::node& value = table.require("value", "the number itself");
        result.value = parse(table, "value", value);
        result.source = parse_source(table, true);
        table.finish();
        return result;
    }

    Sourced<Length> length(TableReader& parent, std::string_view key, std::string_view what) {
        return sourced<Length>(parent, key, parent.require(key, what),
                               [](TableReader& t, std::string_view k, const toml::node& n) {
                                   return bounded_length(t, k, n);
                               });
    }
    std::optional<Sourced<Length>> optional_length(TableReader& parent, std::string_view key) {
        const toml::node* node = parent.take(key);
        if (!node)
            return std::nullopt;
        return sourced<Length>(parent, key, *node,
                               [](TableReader& t, std::string_view k, const toml::node& n) {
                                   return bounded_length(t, k, n);
                               });
    }
    Sourced<Length> nonnegative_length(TableReader& parent, std::string_view key,
                                       std::string_view what) {
        auto result = length(parent, key, what);
        if (result.value < Length())
            parent.fail(key, "must not be negative");
        return result;
    }
    Sourced<Size> size(TableReader& parent, std::string_view key, std::string_view what) {
        return sourced<Size>(parent, key, parent.require(key, what),
                             [](TableReader& t, std::string_view k, const toml::node& n) {
                                 return bounded_size(t, k, n);
                             });
    }
    std::optional<Sourced<Size>> optional_size(TableReader& parent, std::string_view key) {
        const toml::node* node = parent.take(key);
        if (!node)
            return std::nullopt;
        return sourced<Size>(parent, key, *node,
                             [](TableReader& t, std::string_view k, const toml::node& n) {
                                 return bounded_size(t, k, n);
                             });
    }
    Sourced<int> integer(TableReader& parent, std::string_view key, const toml::node& node) {
        return sourced<int>(parent, key, node,
                            [this](TableReader& t, std::string_view k, const toml::node& n) {
                                return static_cast<int>(t.integer(k, n, 0, 1000000));
                            });
    }
    std::optional<Sourced<int>> optional_integer(TableReader& parent, std::string_view key) {
        const toml::node* node = parent.take(key);
        if (!node)
            return std::nullopt;
        return integer(parent, key, *node);
    }
    Sourced<std::string> string(TableReader& parent, std::string_view key, const toml::node& node) {
        return sourced<std::string>(
            parent, key, node, [this](TableReader& t, std::string_view k, const toml::node& n) {
                return t.string(k, n);
            });
    }
    std::optional<Sourced<std::string>> optional_string(TableReader& parent, std::string_view key) {
        const toml::node* node = parent.take(key);
        if (!node)
            return std::nullopt;
        return string(parent, key, *node);
    }
    std::optional<Sourced<std::vector<std::string>>> optional_strings(TableReader& parent,
                                                                      std::string_view key) {
        const toml::node* node = parent.take(key);
        if (!node)
            return std::nullopt;
        return sourced<std::vector<std::string>>(
            parent, key, *node, [this](TableReader& t, std::string_view k, const toml::node& n) {
                return t.strings(k, n);
            });
    }
    Sourced<bool> boolean(TableReader& parent, std::string_view key, const toml::node& node) {
        return sourced<bool>(parent, key, node,
                             [](TableReader& t, std::string_view k, const toml::node& n) {
                                 if (!n.is_boolean())
                                     t.fail(k, "expected true or false");
                                 return n.as_boolean()->get();
                             });
    }
    Sourced<PageRange> page_range(TableReader& parent, std::string_view key,
                                  const toml::node& node) {
        return sourced<PageRange>(
            parent, key, node, [](TableReader& t, std::string_view k, const toml::node& n) {
                const auto* array = n.as_array();
                if (!array || array->size() != 2 || !(*array)[0].is_integer() ||
                    !(*array)[1].is_integer()) {
                    t.fail(k, "expected [min, max] page counts, for example [24, 828]");
                }
                const auto low = (*array)[0].as_integer()->get();
                const auto high = (*array)[1].as_integer()->get();
                if (low < 1 || high < low || high > 100'000) {
                    t.fail(k, "page range [" + std::to_string(low) + ", " + std::to_string(high) +
                                  "] is not a range of positive page counts");
                }
                return PageRange{static_cast<int>(low), static_cast<int>(high)};
            });
    }

    // pages.<paper> of an offer or a binding, each widened by accepted_pages.<paper> of the
    // same table when given (docs/printer-files.md). `each_paper(ranges, paper_id)` sees every
    // paper pages names, to refuse or collect it.
    template <class EachPaper>
    std::map<std::string, PageLimits> page_limits(TableReader& table, EachPaper each_paper) {
        std::map<std::string, PageLimits> limits;
        if (const auto* pages = table.take("pages")) {
            if (!pages->is_table())
                table.fail("pages", "expected paper = { value = [min, max], source = ... }");
            TableReader ranges(origin_, *pages->as_table(), table.key_path("pages"));
            for (auto&& [key, node] : *pages->as_table()) {
                const std::string paper_id(key.str());
                ranges.take(paper_id);
                each_paper(ranges, paper_id);
                static_cast<Sourced<PageRange>&>(limits[paper_id]) =
                    page_range(ranges, paper_id, node);
            }
        }
        if (const auto* wider = table.take("accepted_pages")) {
            if (!wider->is_table()) {
                table.fail("accepted_pages",
                           "expected paper = { value = [min, max], source = ..., status = "
                           "\"UNVERIFIED\", note = ... }");
            }
            TableReader ranges(origin_, *wider->as_table(), table.key_path("accepted_pages"));
            for (auto&& [key, node] : *wider->as_table()) {
                const std::string paper_id(key.str());
                ranges.take(paper_id);
                const auto found = limits.find(paper_id);
                if (found == limits.end()) {
                    ranges.fail(paper_id, "widens pages." + paper_id +
                                              ", which this table does not give: give both");
                }
                Sourced<PageRange> accepted = page_range(ranges, paper_id, node);
                const PageRange& stated = found->second.value;
                const PageRange& wide = accepted.value;
                if (wide.min > stated.min || wide.max < stated.max ||
                    (wide.min == stated.min && wide.max == stated.max)) {
                    ranges.fail(paper_id, "accepted range [" + std::to_string(wide.min) + ", " +
                                              std::to_string(wide.max) + "] does not widen pages." +
                                              paper_id + " [" + std::to_string(stated.min) + ", " +
                                              std::to_string(stated.max) +
                                              "]: it must contain it and reach beyond it");
                }
                if (accepted.source.evidence != Evidence::unverified) {
                    ranges.fail(paper_id,
                                "an accepted range rests on thinner evidence than pages." +
                                    paper_id +
                                    ": give it status = \"UNVERIFIED\" and a note naming that "
                                    "evidence");
                }
                found->second.accepted = std::move(accepted);
            }
        }
        return limits;
    }

    // ---- sections --------------------------------------------------------------------

    void read_sources(TableReader& root) {
        const auto& table = root.require_table("sources", "tag = \"what the source is\"");
        for (auto&& [key, node] : table) {
            if (!node.is_string())
                root.fail_at(&node, "sources." + std::string(key.str()), "expected a string");
            spec_.sources[std::string(key.str())] = node.as_string()->get();
        }
        if (spec_.sources.empty())
            root.fail("sources", "a printer file defines at least one source tag");
    }

    void read_papers(TableReader& root) {
        const toml::node& node = root.require("papers", "[[papers]] entries");
        if (!node.is_array_of_tables())
            root.fail("papers", "expected [[papers]] entries");
        std::set<std::string> names;
        for (const auto& item : *node.as_array()) {
            TableReader table(origin_, *item.as_table(), "papers");
            PaperSpec paper;
            paper.id = table.string("id", table.require("id", "the paper's name"));
            if (const auto* label = table.take("label"))
                paper.label = table.string("label", *label);
            if (const auto* aliases = table.take("aliases"))
                paper.aliases = table.strings("aliases", *aliases);
            table.finish();
            for (const auto& name : [&] {
                     auto all = paper.aliases;
                     all.push_back(paper.id);
                     return all;
                 }()) {
                if (!names.insert(name).second)
                    table.fail("id", "paper name '" + name + "' is used twice");
            }
            if (paper.label.empty())
                paper.label = paper.id;
            spec_.papers.push_back(std::move(paper));
        }
    }

    void read_files(TableReader& root) {
        const toml::node* node = root.take("files");
        if (!node)
            return;
        if (!node->is_table())
            root.fail("files", "expected a table");
        TableReader table(origin_, *node->as_table(), "files");
        auto& files = spec_.files;
        files.min_image_ppi = optional_integer(table, "min_image_ppi");
        files.max_file_mb = optional_integer(table, "max_file_mb");
        files.advised_file_mb = optional_integer(table, "advised_file_mb");
        files.color_spaces = optional_strings(table, "color_spaces");
        files.pdf_standard = optional_string(table, "pdf_standard");
        files.pdf_standards_accepted = optional_strings(table, "pdf_standards_accepted");
        files.max_ink_percent = optional_integer(table, "max_ink_percent");
        if (const toml::node* black = table.take("rich_black_percent")) {
            files.rich_black_percent = sourced<std::vector<int>>(
                table, "rich_black_percent", *black,
                [](TableReader& t, std::string_view k, const toml::node& n) {
                    const auto* array = n.as_array();
                    if (!array || array->size() != 4)
                        t.fail(k,
                               "expected [C, M, Y, K] in per cent, for example [60, 40, 40, 100]");
                    std::vector<int> inks;
                    for (const auto& ink : *array)
                        inks.push_back(static_cast<int>(t.integer(k, ink, 0, 100)));
                    return inks;
                });
        }
        files.small_text_black_max_pt = optional_integer(table, "small_text_black_max_pt");
        for (auto [key, target] : {std::pair{"single_page", &files.single_page},
                                   {"page_is_cover", &files.page_is_cover},
                                   {"unencrypted", &files.unencrypted},
                                   {"no_annotations", &files.no_annotations},
                                   {"barcode_black", &files.barcode_black},
                                   {"no_transparency", &files.no_transparency}}) {
            if (const auto* value = table.take(key))
                *target = boolean(table, key, *value);
        }
        table.finish();
    }

    void read_spine_tables(TableReader& root) {
        const toml::node* node = root.take("spine_tables");
        if (!node)
            return;
        if (!node->is_table())
            root.fail("spine_tables", "expected a table of tables");
        for (auto&& [key, entry] : *node->as_table()) {
            const std::string id(key.str());
            const std::string path = "spine_tables." + id;
            if (!entry.is_table())
                root.fail_at(&entry, path, "expected a table");
            TableReader table(origin_, *entry.as_table(), path);
            auto spine_table = std::make_shared<SpineTable>();
            spine_table->id = id;
            spine_table->source = parse_source(table, true);
            Unit unit = Unit::in;
            if (const auto* unit_node = table.take("unit")) {
                const auto parsed = parse_unit(table.string("unit", *unit_node));
                if (!parsed)
                    table.fail("unit", "unknown unit: use \"in\", \"mm\" or \"pt\"");
                unit = *parsed;
            }
            const toml::node& rows = table.require("rows", "[pages, \"spine width\"] pairs");
            if (!rows.is_array())
                table.fail("rows", "expected a list of [pages, \"width\"] pairs");
            for (const auto& row : *rows.as_array()) {
                const auto* pair = row.as_array();
                if (!pair || pair->size() != 2 || !(*pair)[0].is_integer() ||
                    !(*pair)[1].is_string()) {
                    table.fail_at(&row, path + ".rows",
                                  "expected [pages, \"width\"], for example [18, \"0.0373\"]");
                }
                const auto pages = (*pair)[0].as_integer()->get();
                Length width;
                try {
                    width = Length::from_decimal((*pair)[1].as_string()->get(), unit);
                } catch (const ValueError& error) {
                    table.fail_at(&row, path + ".rows", error.what());
                }
                if (pages < 1 || width <= Length()) {
                    table.fail_at(&row, path + ".rows",
                                  "a row needs a positive page count and width");
                }
                if (pages > 100'000 || width > max_printer_length) {
                    table.fail_at(&row, path + ".rows",
                                  "a row of " + std::to_string(pages) + " pages and " +
                                      width.format_with_unit(Unit::in, 6) +
                                      " is beyond podcover's limits (100000 pages, " +
                                      max_printer_length.format_with_unit(Unit::in, 0) +
                                      "); check the number and its unit");
                }
                if (!spine_table->rows.empty() && (pages <= spine_table->rows.back().pages ||
                                                   width < spine_table->rows.back().spine_width)) {
                    table.fail_at(
                        &row, path + ".rows",
                        "row for " + std::to_string(pages) +
                            " pages breaks the order: page counts must rise and widths never fall");
                }
                spine_table->rows.push_back(SpineTableRow{static_cast<int>(pages), width});
            }
            if (spine_table->rows.empty())
                table.fail("rows", "a spine table needs rows");
            table.finish();
            spec_.spine_tables[id] = std::move(spine_table);
        }
    }

    SpineRule read_spine_rule(TableReader& parent, std::string_view paper_id,
                              const toml::node& node) {
        if (!node.is_table())
            parent.fail(paper_id, "expected a table with per_page or table");
        TableReader table(origin_, *node.as_table(), parent.key_path(paper_id));
        SpineRule rule;
        rule.per_page = optional_length(table, "per_page");
        if (rule.per_page && rule.per_page->value <= Length()) {
            table.fail("per_page",
                       "a spine grows with its pages: the width per page must be positive");
        }
        if (rule.per_page) {
            within(table, "per_page", rule.per_page->value, max_width_per_page,
                   "a spine's width per page");
        }
        if (const auto* table_node = table.take("table")) {
            const auto name = string(table, "table", *table_node);
            const auto found = spec_.spine_tables.find(name.value);
            if (found == spec_.spine_tables.end()) {
                std::vector<std::string> known;
                for (const auto& [id, t] : spec_.spine_tables)
                    known.push_back(id);
                std::string message = "no spine table '" + name.value + "'";
                if (auto nearest = nearest_name(name.value, known))
                    message += "; did you mean '" + *nearest + "'?";
                table.fail("table", message);
            }
            rule.table = found->second;
            rule.table_source = name.source;
        }
        if (rule.per_page.has_value() == (rule.table != nullptr)) {
            parent.fail(
                paper_id,
                "give exactly one of per_page (a length per page) or table (a spine table's name)");
        }
        if (const auto c = optional_length(table, "constant")) {
            if (c->value < Length())
                table.fail("constant", "the constant added to a spine must not be negative");
            rule.constant = *c;
        }
        if (const auto* even = table.take("even_pages"))
            rule.even_pages = boolean(table, "even_pages", *even);
        rule.round_to = optional_length(table, "round");
        if (rule.round_to && rule.round_to->value <= Length())
            table.fail("round", "must be positive");
        table.finish();
        return rule;
    }

    BindingSpec read_binding(TableReader& root, Binding binding) {
        const std::string name(binding_id(binding));
        TableReader table(origin_, *root.take(name)->as_table(), name);
        BindingSpec spec;
        spec.binding = binding;
        switch (binding) {
            case Binding::paperback:
                spec.bleed = nonnegative_length(table, "bleed", "bleed on every outer edge");
                break;
            case Binding::case_laminate: {
                spec.wrap = nonnegative_length(table, "wrap", "turn-in on all four sides");
                spec.board_width_delta =
                    length(table, "board_width_delta", "board width minus trim width");
                spec.board_height_delta =
                    length(table, "board_height_delta", "board height minus trim height");
                spec.hinge = nonnegative_length(table, "hinge", "hinge width");
                const auto placement = string(
                    table, "hinge_placement",
                    table.require("hinge_placement", "\"beside-spine\" or \"inside-board\""));
                spec.hinge_placement.source = placement.source;
                if (placement.value == "beside-spine") {
                    spec.hinge_placement.value = HingePlacement::beside_spine;
                } else if (placement.value == "inside-board") {
                    spec.hinge_placement.value = HingePlacement::inside_board;
                } else {
                    table.fail("hinge_placement",
                               "unknown placement '" + placement.value +
                                   "': use \"beside-spine\" or \"inside-board\"");
                }
                break;
            }
            case Binding::dust_jacket:
                spec.bleed = nonnegative_length(table, "bleed", "bleed on every outer edge");
                spec.panel_width_delta =
                    length(table, "panel_width_delta", "panel width minus trim width");
                spec.panel_height_delta =
                    length(table, "panel_height_delta", "panel height minus trim height");
                spec.flap = nonnegative_length(table, "flap", "flap width");
                spec.flap_wrap =
                    nonnegative_length(table, "flap_wrap", "strip between panel and flap");
                break;
        }
        spec.safe_margin =
            nonnegative_length(table, "safe_margin", "text distance inside the trim");
        spec.hard_margin = optional_length(table, "hard_margin");
        spec.fold_variance =
            nonnegative_length(table, "fold_variance", "how far binding may move a fold");

        {
            TableReader text(origin_, table.require_table("spine_text", "spine-text rules"),
                             name + ".spine_text");
            spec.spine_text.min_pages = integer(
                text, "min_pages", text.require("min_pages", "fewest pages with spine text"));
            spec.spine_text.clearance =
                nonnegative_length(text, "clearance", "distance from each spine fold");
            spec.spine_text.narrow_below = optional_length(text, "narrow_below");
            spec.spine_text.narrow_clearance = optional_length(text, "narrow_clearance");
            if (spec.spine_text.narrow_below.has_value() !=
                spec.spine_text.narrow_clearance.has_value()) {
                text.fail("narrow_below", "give narrow_below and narrow_clearance together");
            }
            text.finish();
        }
        {
            TableReader code(origin_, table.require_table("barcode", "barcode area"),
                             name + ".barcode");
            spec.barcode.size = size(code, "size", "barcode area size");
            spec.barcode.from_spine =
                nonnegative_length(code, "from_spine", "distance from the spine side");
            spec.barcode.from_bottom =
                nonnegative_length(code, "from_bottom", "distance from the bottom");
            spec.barcode.printer_barcode =
                string(code, "printer_barcode",
                       code.require("printer_barcode", "\"unless-supplied\" or \"if-missing\""));
            if (spec.barcode.printer_barcode.value != "unless-supplied" &&
                spec.barcode.printer_barcode.value != "if-missing") {
                code.fail("printer_barcode", "unknown value '" +
                                                 spec.barcode.printer_barcode.value +
                                                 "': use \"unless-supplied\" or \"if-missing\"");
            }
            spec.barcode.own_min_size = optional_size(code, "own_min_size");
            spec.barcode.own_margin = optional_length(code, "own_margin");
            if (const auto* addon = code.take("price_addon"))
                spec.barcode.price_addon = boolean(code, "price_addon", *addon);
            code.finish();
        }
        {
            const auto& spine = table.require_table("spine", "spine rule per paper");
            TableReader rules(origin_, spine, name + ".spine");
            for (auto&& [key, node] : spine) {
                const std::string paper_id(key.str());
                rules.take(paper_id);
                if (!spec_.find_paper(paper_id) || spec_.find_paper(paper_id)->id != paper_id) {
                    rules.fail(paper_id, "no paper '" + paper_id + "' in [[papers]]");
                }
                spec.spine[paper_id] = read_spine_rule(rules, paper_id, node);
            }
            if (spec.spine.empty())
                table.fail("spine", "a binding needs a spine rule for at least one paper");
        }
        spec.pages = page_limits(table, [&](TableReader& ranges, const std::string& paper_id) {
            if (spec.spine.count(paper_id) == 0)
                ranges.fail(paper_id, "no spine rule for paper '" + paper_id + "' in this binding");
        });
        if (const auto* custom = table.take("custom_trim")) {
            if (!custom->is_table())
                table.fail("custom_trim", "expected { min = ..., max = ... }");
            TableReader range(origin_, *custom->as_table(), name + ".custom_trim");
            CustomTrimRange trims{size(range, "min", "smallest custom trim"),
                                  size(range, "max", "largest custom trim")};
            if (!trims.max.value.contains(trims.min.value))
                range.fail("max", "the largest custom trim is smaller than the smallest");
            range.finish();
            spec.custom_trim = trims;
        }
        if (const auto* page = table.take("template_page")) {
            if (!page->is_table())
                table.fail("template_page",
                           "expected { document = ..., artwork_top = ..., artwork_right = ... }");
            TableReader layout(origin_, *page->as_table(), name + ".template_page");
            TemplatePage template_page{
                size(layout, "document", "the template's document size"),
                nonnegative_length(layout, "artwork_top", "from the page's top to the artwork"),
                nonnegative_length(layout, "artwork_right",
                                   "from the page's right edge to the artwork")};
            if (template_page.artwork_top.value >= template_page.document.value.height ||
                template_page.artwork_right.value >= template_page.document.value.width) {
                layout.fail("artwork_top", "the artwork area starts outside the " +
                                               template_page.document.value.format(Unit::in, 4) +
                                               " document; give distances inside it");
            }
            layout.finish();
            spec.template_page = template_page;
        }
        read_offers(table, spec);
        table.finish();
        return spec;
    }

    void read_offers(TableReader& binding_table, BindingSpec& spec) {
        const toml::node& node =
            binding_table.require("offers", "[[<binding>.offers]]: trims and papers");
        if (!node.is_array_of_tables() || node.as_array()->empty()) {
            binding_table.fail("offers",
                               "expected [[" + binding_table.key_path("offers") + "]] entries");
        }
        for (const auto& item : *node.as_array()) {
            TableReader table(origin_, *item.as_table(), binding_table.key_path("offers"));
            TrimOffer offer;
            const toml::node& trims = table.require("trims", "the trims, for example [\"6x9in\"]");
            for (const auto& text : table.strings("trims", trims)) {
                try {
                    offer.trims.push_back(Size::parse(text));
                } catch (const ValueError& error) {
                    table.fail("trims", error.what());
                }
                within(table, "trims", offer.trims.back().width, max_printer_length, "a trim");
                within(table, "trims", offer.trims.back().height, max_printer_length, "a trim");
            }
            if (offer.trims.empty())
                table.fail("trims", "an offer lists at least one trim");
            offer.source = parse_source(table, true);
            const bool papers_listed = table.table().get("papers") != nullptr;
            if (const auto* papers = table.take("papers"))
                offer.papers = table.strings("papers", *papers);
            offer.pages = page_limits(table, [&](TableReader&, const std::string& paper_id) {
                if (!papers_listed)
                    offer.papers.push_back(paper_id);
            });
            table.finish();
            if (!papers_listed) {
                // Papers named only by their page ranges: list them in the printer's order.
                std::vector<std::string> ordered;
                for (const auto& paper : spec_.papers) {
                    if (offer.pages.count(paper.id) != 0)
                        ordered.push_back(paper.id);
                }
                for (const auto& paper_id : offer.papers) {
                    if (std::find(ordered.begin(), ordered.end(), paper_id) == ordered.end()) {
                        table.fail("pages", "no paper '" + paper_id + "' in [[papers]]");
                    }
                }
                offer.papers = ordered;
            }
            for (const auto& paper_id : offer.papers) {
                if (spec.spine.count(paper_id) == 0) {
                    table.fail("papers", "paper '" + paper_id + "' has no spine rule in [" +
                                             std::string(binding_id(spec.binding)) + ".spine]");
                }
                if (offer.pages.count(paper_id) == 0 && spec.pages.count(paper_id) == 0) {
                    table.fail("papers", "no page range for paper '" + paper_id + "': give pages." +
                                             paper_id + " here or in [" +
                                             std::string(binding_id(spec.binding)) + ".pages]");
                }
            }
            for (const auto& [paper_id, range] : offer.pages) {
                if (std::find(offer.papers.begin(), offer.papers.end(), paper_id) ==
                    offer.papers.end()) {
                    table.fail("pages", "page range for paper '" + paper_id +
                                            "', which this offer's papers do not list");
                }
            }
            if (offer.papers.empty())
                table.fail("papers", "an offer lists at least one paper");
            spec.offers.push_back(std::move(offer));
        }
    }
};

PrinterSpec PrinterFileReader::read(const toml::table& root_table) {
    TableReader root(origin_, root_table, "");
    const toml::node& format = root.require("format", "the printer-file format, 1");
    if (!format.is_integer() || format.as_integer()->get() != 1) {
        root.fail("format", "this podcover reads printer-file format 1");
    }
    spec_.id =
        root.string("id", root.require("id", "the printer's short name, for example \"kdp\""));
    if (spec_.id.empty() || !std::all_of(spec_.id.begin(), spec_.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        })) {
        root.fail("id",
                  "'" + spec_.id + "' is not a printer id: use lower-case letters, digits and -");
    }
    spec_.name =
        root.string("name", root.require("name", "the printer's name, for example \"KDP\""));
    spec_.origin = origin_;
    read_sources(root);
    read_papers(root);
    read_files(root);
    read_spine_tables(root);
    for (const Binding binding : all_bindings) {
        const toml::node* node = root.take(binding_id(binding));
        if (!node)
            continue;
        if (!node->is_table())
            root.fail(binding_id(binding), "expected a table");
        spec_.bindings.push_back(read_binding(root, binding));
    }
    if (spec_.bindings.empty()) {
        root.fail_at(&root_table, "top level",
                     "a printer file describes at least one binding: [paperback], [case-laminate] "
                     "or [dust-jacket]");
    }
    root.finish();
    return std::move(spec_);
}

}  // namespace

PrinterSpec parse_printer_file(std::string_view text, const std::string& origin) {
    const toml::table root = parse_toml(text, origin);
    return PrinterFileReader(origin).read(root);
}

PrinterSpec read_printer_file(const std::filesystem::path& path) {
    return parse_printer_file(read_text_file(path.string(), "printer file"), path.string());
}

std::vector<EmbeddedFile> builtin_printer_files() {
    return detail::embedded_printer_files();
}

PrinterCatalog PrinterCatalog::builtin() {
    // Parsed once: the files are part of the binary and do not change.
    static const std::vector<PrinterSpec> printers = [] {
        std::vector<PrinterSpec> result;
        for (const auto& file : detail::embedded_printer_files()) {
            result.push_back(parse_printer_file(file.text, "built-in " + std::string(file.name)));
        }
        return result;
    }();
    PrinterCatalog catalog;
    catalog.printers_ = printers;
    return catalog;
}

void PrinterCatalog::add(PrinterSpec printer) {
    for (auto& existing : printers_) {
        if (existing.id == printer.id) {
            existing = std::move(printer);
            return;
        }
    }
    printers_.push_back(std::move(printer));
}

const PrinterSpec* PrinterCatalog::find(std::string_view id) const {
    for (const auto& printer : printers_) {
        if (printer.id == id)
            return &printer;
    }
    return nullptr;
}

std::vector<std::string> PrinterCatalog::ids() const {
    std::vector<std::string> ids;
    for (const auto& printer : printers_)
        ids.push_back(printer.id);
    return ids;
}

}  // namespace podcover
