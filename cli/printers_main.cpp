// The printers command: what each printer offers, straight from its data file.
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_text.hpp"
#include "podcover/layout.hpp"
#include "podcover/names.hpp"
#include "text_table.hpp"

namespace podcover::cli {
namespace {

struct PaperOnTrim {
    std::string paper;
    AcceptedPages pages;
};

struct TrimRow {
    Size trim;
    std::vector<PaperOnTrim> papers;
    Source source;  // of the offer: the trim list
};

// "", " (DECIDED)" or " (UNVERIFIED)".
std::string evidence_mark(const Source& source) {
    return source.evidence == Evidence::sourced
               ? ""
               : " (" + std::string(evidence_id(source.evidence)) + ")";
}

// One row per trim, in the order the data lists them, with every paper offered on it and the
// page counts compute_layout accepts for it.
std::vector<TrimRow> trim_rows(const PrinterSpec& printer, const BindingSpec& spec) {
    std::vector<TrimRow> rows;
    for (const auto& offer : spec.offers) {
        for (const auto& trim : offer.trims) {
            auto row = std::find_if(rows.begin(), rows.end(),
                                    [&](const TrimRow& r) { return r.trim == trim; });
            if (row == rows.end()) {
                rows.push_back(TrimRow{trim, {}, offer.source});
                row = rows.end() - 1;
            }
            for (const auto& paper : offer.papers) {
                if (auto pages = accepted_pages(printer, spec.binding, trim, paper))
                    row->papers.push_back(PaperOnTrim{paper, *pages});
            }
        }
    }
    return rows;
}

std::string range_text(const PageRange& range) {
    return std::to_string(range.min) + "\xE2\x80\x93" + std::to_string(range.max);
}

// "white 24–828", "groundwood 24–812 (UNVERIFIED)", and where more is accepted than the
// sources state, the accepted range with the part beyond them marked:
// "standard-color 24–600 (24–71 UNVERIFIED)"; all of it when the stated range is UNVERIFIED.
std::string pages_cell(const PaperOnTrim& paper) {
    const AcceptedPages& pages = paper.pages;
    const auto beyond = pages.beyond_stated();
    if (beyond.empty())
        return paper.paper + " " + range_text(pages.stated.value) +
               evidence_mark(pages.stated.source);
    std::string text = paper.paper + " " + range_text(pages.accepted.value);
    if (pages.stated.source.evidence == pages.accepted.source.evidence)
        return text + evidence_mark(pages.accepted.source);
    std::vector<std::string> parts;
    if (pages.stated.source.evidence != Evidence::sourced) {
        parts.push_back(range_text(pages.stated.value) + " " +
                        std::string(evidence_id(pages.stated.source.evidence)));
    }
    std::vector<std::string> wider;
    for (const auto& part : beyond)
        wider.push_back(range_text(part));
    parts.push_back(join_names(wider) + " " +
                    std::string(evidence_id(pages.accepted.source.evidence)));
    return text + " (" + join_names(parts) + ")";
}

nlohmann::ordered_json range_json(const Sourced<PageRange>& range) {
    return {{"min_pages", range.value.min},
            {"max_pages", range.value.max},
            {"evidence", evidence_id(range.source.evidence)},
            {"note", range.source.note}};
}

std::string printers_text(const std::vector<const PrinterSpec*>& printers) {
    std::string out;
    for (const PrinterSpec* printer : printers) {
        if (!out.empty())
            out += "\n";
        out += printer->name + " (" + printer->id + "), " + printer->origin + "\n";
        std::vector<std::string> papers;
        for (const auto& paper : printer->papers) {
            std::string text = paper.id + " (" + paper.label;
            if (!paper.aliases.empty())
                text += "; also " + join_names(paper.aliases, "or");
            papers.push_back(text + ")");
        }
        out += "  papers: " + join_names(papers) + "\n";
        for (const auto& spec : printer->bindings) {
            out += "\n  " + std::string(binding_id(spec.binding)) + ": ";
            auto length = [](const Sourced<Length>& l) {
                return l.value.format_with_unit(Unit::in, 4) + evidence_mark(l.source);
            };
            if (spec.binding == Binding::case_laminate) {
                out += "wrap " + length(spec.wrap) + ", hinge " + length(spec.hinge);
            } else {
                out += "bleed " + length(spec.bleed);
            }
            out += ", safe margin " + length(spec.safe_margin) + ", fold variance \xC2\xB1" +
                   length(spec.fold_variance) + ", spine text from " +
                   std::to_string(spec.spine_text.min_pages.value) + " pages" +
                   evidence_mark(spec.spine_text.min_pages.source) + "\n";
            TextTable table;
            table.add_row({"trim (in)", "papers (pages)"});
            std::vector<std::string> remarks;  // each UNVERIFIED or DECIDED reason, once
            auto remark = [&](const Source& source) {
                if (source.evidence == Evidence::sourced)
                    return;
                const std::string text =
                    std::string(evidence_id(source.evidence)) + ": " + source.note;
                if (std::find(remarks.begin(), remarks.end(), text) == remarks.end())
                    remarks.push_back(text);
            };
            for (const auto& row : trim_rows(*printer, spec)) {
                std::vector<std::string> cells;
                for (const auto& paper : row.papers) {
                    cells.push_back(pages_cell(paper));
                    remark(paper.pages.stated.source);
                    if (!paper.pages.beyond_stated().empty())
                        remark(paper.pages.accepted.source);
                }
                remark(row.source);
                table.add_row({row.trim.width.format(Unit::in, 4) + " \xC3\x97 " +
                                   row.trim.height.format(Unit::in, 4) + evidence_mark(row.source),
                               join_names(cells, "and")});
            }
            out += table.render("    ");
            for (const auto& text : remarks)
                out += "    " + text + "\n";
            if (spec.custom_trim) {
                out += "    custom trims from " + spec.custom_trim->min.value.format(Unit::in, 4) +
                       " to " + spec.custom_trim->max.value.format(Unit::in, 4) + "\n";
            }
            if (spec.template_page) {
                const TemplatePage& page = *spec.template_page;
                out += "    template page " + page.document.value.format(Unit::in, 4) +
                       ", the artwork " + length(page.artwork_top) + " below its top and " +
                       length(page.artwork_right) + " from its right edge [" +
                       page.document.source.tags + "]\n";
            }
        }
        out += "\n  sources:\n";
        for (const auto& [tag, text] : printer->sources)
            out += "    [" + tag + "] " + text + "\n";
    }
    return out;
}

nlohmann::ordered_json printers_json(const std::vector<const PrinterSpec*>& printers) {
    nlohmann::ordered_json j;
    auto& list = j["printers"] = nlohmann::ordered_json::array();
    for (const PrinterSpec* printer : printers) {
        nlohmann::ordered_json p;
        p["printer"] = printer->id;
        p["name"] = printer->name;
        p["origin"] = printer->origin;
        auto& papers = p["papers"] = nlohmann::ordered_json::array();
        for (const auto& paper : printer->papers) {
            papers.push_back(
                {{"paper", paper.id}, {"label", paper.label}, {"aliases", paper.aliases}});
        }
        auto& bindings = p["bindings"] = nlohmann::ordered_json::array();
        for (const auto& spec : printer->bindings) {
            nlohmann::ordered_json b;
            b["binding"] = binding_id(spec.binding);
            b["papers"] = spec.paper_ids(*printer);
            auto& trims = b["trims"] = nlohmann::ordered_json::array();
            for (const auto& row : trim_rows(*printer, spec)) {
                nlohmann::ordered_json papers_on_trim = nlohmann::ordered_json::array();
                for (const auto& paper : row.papers) {
                    nlohmann::ordered_json entry{{"paper", paper.paper}};
                    entry.update(range_json(paper.pages.stated));
                    entry["accepted"] = paper.pages.beyond_stated().empty()
                                            ? nlohmann::ordered_json(nullptr)
                                            : range_json(paper.pages.accepted);
                    papers_on_trim.push_back(std::move(entry));
                }
                trims.push_back({{"width_in", row.trim.width.in()},
                                 {"height_in", row.trim.height.in()},
                                 {"evidence", evidence_id(row.source.evidence)},
                                 {"note", row.source.note},
                                 {"papers", papers_on_trim}});
            }
            if (spec.custom_trim) {
                b["custom_trim"] = {{"min_width_in", spec.custom_trim->min.value.width.in()},
                                    {"min_height_in", spec.custom_trim->min.value.height.in()},
                                    {"max_width_in", spec.custom_trim->max.value.width.in()},
                                    {"max_height_in", spec.custom_trim->max.value.height.in()}};
            } else {
                b["custom_trim"] = nullptr;
            }
            if (spec.template_page) {
                const TemplatePage& page = *spec.template_page;
                b["template_page"] = {{"width_in", page.document.value.width.in()},
                                      {"height_in", page.document.value.height.in()},
                                      {"artwork_top_in", page.artwork_top.value.in()},
                                      {"artwork_right_in", page.artwork_right.value.in()},
                                      {"source", page.document.source.tags}};
            } else {
                b["template_page"] = nullptr;
            }
            bindings.push_back(std::move(b));
        }
        p["sources"] = printer->sources;
        list.push_back(std::move(p));
    }
    return j;
}

}  // namespace

void PrintersCommand::add_to(CLI::App& app) {
    command_ =
        app.add_subcommand("printers", "List the printers, their bindings, papers and trims");
    command_->footer(exit_codes_help);
    printers_.add_to(*command_);
    command_->add_flag("--json", json_, "print JSON instead of text");
}

CommandOutput PrintersCommand::run() const {
    const PrinterCatalog catalog = printers_.load_catalog();
    std::vector<const PrinterSpec*> printers;
    for (const auto& id : printers_.selected(catalog))
        printers.push_back(catalog.find(id));
    CommandOutput output;
    output.out = json_ ? json_text(printers_json(printers)) : printers_text(printers);
    return output;
}

}  // namespace podcover::cli
