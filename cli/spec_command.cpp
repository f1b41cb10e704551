#include "spec_command.hpp"

#include <algorithm>

#include "podcover/names.hpp"
#include "text_table.hpp"

namespace podcover::cli {

std::string SpecRequest::paper_for(const std::string& printer_id) const {
    const auto own = paper_by_printer.find(printer_id);
    return own != paper_by_printer.end() ? own->second : paper;
}

bool SpecReport::any_refused() const {
    for (const auto& result : results) {
        if (!result.layout)
            return true;
    }
    return false;
}

SpecReport run_spec(const PrinterCatalog& catalog, const SpecRequest& request) {
    SpecReport report;
    report.request = request;
    for (const auto& id : request.printer_ids) {
        PrinterResult result;
        result.printer = catalog.find(id);
        result.book = BookSpec{request.binding, request.trim, request.pages, request.paper_for(id)};
        LayoutResult laid_out = compute_layout(*result.printer, result.book);
        result.layout = std::move(laid_out.layout);
        result.errors = std::move(laid_out.errors);
        report.results.push_back(std::move(result));
    }
    for (std::size_t i = 0; i < report.results.size(); ++i) {
        for (std::size_t j = i + 1; j < report.results.size(); ++j) {
            const auto& a = report.results[i];
            const auto& b = report.results[j];
            if (!a.layout || !b.layout)
                continue;
            report.comparisons.push_back(
                PairComparison{i, j,
                               compare(PrinterBook{a.printer, a.book, &*a.layout},
                                       PrinterBook{b.printer, b.book, &*b.layout}, request.unit)});
        }
    }
    return report;
}

namespace {

// To 0.0001 in and 0.01 mm.
int places_for(Unit unit) {
    return unit == Unit::in ? 4 : unit == Unit::cm ? 3 : 2;
}

std::string length_text(Length length, Unit unit) {
    return length.format_with_unit(unit, places_for(unit));
}

std::string size_text(const Size& size, Unit unit) {
    return size.format(unit, places_for(unit));
}

std::string region_size(const Layout& layout, std::string_view name, Unit unit) {
    const Region* region = layout.find(name);
    return region ? size_text(region->rect.size(), unit) : "none";
}

std::string book_line(const SpecRequest& request) {
    return request.trim.format(Unit::in, 4) + " (" + request.trim.format(Unit::mm, 2) + ") " +
           std::string(binding_label(request.binding)) + ", " + std::to_string(request.pages) +
           " pages";
}

}  // namespace

std::string spec_text(const SpecReport& report) {
    const Unit unit = report.request.unit;
    std::string out = book_line(report.request) + "\n\n";
    const bool any_laid_out =
        std::any_of(report.results.begin(), report.results.end(),
                    [](const PrinterResult& r) { return r.layout.has_value(); });
    if (!any_laid_out)
        return out + "No printer asked offers this book (the reasons follow).\n";

    TextTable table;
    std::vector<std::string> header{""};
    for (const auto& result : report.results)
        header.push_back(result.printer->name);
    table.add_row(header);

    auto row = [&](const std::string& label, auto cell) {
        std::vector<std::string> cells{label};
        for (const auto& result : report.results) {
            cells.push_back(result.layout ? cell(*result.layout) : std::string("not offered"));
        }
        table.add_row(std::move(cells));
    };
    row("paper", [](const Layout& l) {
        return l.paper_id + (l.paper_label != l.paper_id ? " (" + l.paper_label + ")" : "");
    });
    row("trim", [&](const Layout& l) {
        return size_text(l.trim, unit) + (l.custom_trim ? " (custom)" : "");
    });
    row("pages printed", [](const Layout& l) { return std::to_string(l.pages_printed); });
    row("spine width", [&](const Layout& l) { return length_text(l.spine_width, unit); });
    row("full wrap (PDF page)", [&](const Layout& l) { return size_text(l.sheet, unit); });
    row("bleed or wrap", [&](const Layout& l) {
        return length_text(l.bleed, unit) +
               (l.binding == Binding::case_laminate ? " wrap" : " bleed");
    });
    if (report.request.binding == Binding::case_laminate) {
        row("board", [&](const Layout& l) { return region_size(l, "back-board", unit); });
        row("hinge", [&](const Layout& l) {
            const Region* hinge = l.find("back-hinge");
            return hinge ? length_text(hinge->rect.width, unit) +
                               (hinge->tile ? " beside spine" : " inside board")
                         : std::string("none");
        });
    }
    if (report.request.binding == Binding::dust_jacket) {
        row("cover panel", [&](const Layout& l) { return region_size(l, "back", unit); });
        row("flap", [&](const Layout& l) { return region_size(l, "back-flap", unit); });
    }
    row("safe margin", [&](const Layout& l) { return length_text(l.safe_margin, unit); });
    row("fold variance",
        [&](const Layout& l) { return "\xC2\xB1" + length_text(l.fold_variance, unit); });
    row("spine text", [](const Layout& l) {
        return std::string(l.spine_text_allowed ? "yes" : "no") + " (from " +
               std::to_string(l.spine_text_min_pages) + " pages)";
    });
    row("spine-text area", [&](const Layout& l) { return region_size(l, "spine-text", unit); });
    row("spine-text clearance",
        [&](const Layout& l) { return length_text(l.spine_text_clearance, unit); });
    row("barcode area", [&](const Layout& l) { return region_size(l, "barcode", unit); });
    out += table.render();

    for (const auto& pair : report.comparisons) {
        out += "\nDifferences (" + report.results[pair.first].printer->name + " and " +
               report.results[pair.second].printer->name + ")\n";
        for (const auto& sentence : pair.comparison.differences)
            out += "  - " + sentence + "\n";
    }

    for (const auto& result : report.results) {
        if (!result.layout)
            continue;
        const Layout& l = *result.layout;
        out += "\n" + l.printer_name + " regions (" + std::string(unit_symbol(unit)) +
               "; x and y from the sheet's top-left corner)\n";
        TextTable regions;
        regions.add_row({"name", "x", "y", "width", "height"});
        for (const auto& region : l.regions) {
            if (region.kind == RegionKind::fold_variance || region.kind == RegionKind::bleed ||
                region.kind == RegionKind::wrap) {
                continue;
            }
            const int places = places_for(unit);
            regions.add_row({region.name, region.rect.x.format(unit, places),
                             region.rect.y.format(unit, places),
                             region.rect.width.format(unit, places),
                             region.rect.height.format(unit, places)});
        }
        out += regions.render("  ");
        std::vector<std::string> folds;
        for (const auto& fold : l.folds) {
            folds.push_back(fold.name + " at x = " + fold.x.format(unit, places_for(unit)) +
                            " \xC2\xB1 " + fold.variance.format(unit, places_for(unit)));
        }
        out += "  folds: " + join_names(folds) + "\n";
    }

    auto list = [&](const std::string& title, auto member) {
        std::string lines;
        for (const auto& result : report.results) {
            if (!result.layout)
                continue;
            for (const auto& d : (*result.layout).*member) {
                lines += "  - " + result.printer->name + ": " + d.message + "\n";
            }
        }
        if (!lines.empty())
            out += "\n" + title + "\n" + lines;
    };
    list("Warnings", &Layout::warnings);
    list("Notes", &Layout::notes);
    return out;
}

nlohmann::ordered_json diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& d : diagnostics) {
        list.push_back(
            {{"severity", severity_id(d.severity)}, {"code", d.code}, {"message", d.message}});
    }
    return list;
}

nlohmann::ordered_json layout_json(const Layout& l) {
    nlohmann::ordered_json j;
    j["printer"] = l.printer_id;
    j["printer_name"] = l.printer_name;
    j["ok"] = true;
    j["binding"] = binding_id(l.binding);
    j["paper"] = l.paper_id;
    j["paper_label"] = l.paper_label;
    j["pages"] = l.pages;
    j["pages_printed"] = l.pages_printed;
    j["trim_width_in"] = l.trim.width.in();
    j["trim_height_in"] = l.trim.height.in();
    j["custom_trim"] = l.custom_trim;
    j["spine_width_in"] = l.spine_width.in();
    j["cover_width_in"] = l.sheet.width.in();
    j["cover_height_in"] = l.sheet.height.in();
    j["bleed_in"] = l.bleed.in();
    j["safe_margin_in"] = l.safe_margin.in();
    j["fold_variance_in"] = l.fold_variance.in();
    j["spine_text_allowed"] = l.spine_text_allowed;
    j["spine_text_min_pages"] = l.spine_text_min_pages;
    j["spine_text_clearance_in"] = l.spine_text_clearance.in();
    auto& regions = j["regions"] = nlohmann::ordered_json::array();
    for (const auto& r : l.regions) {
        regions.push_back({{"name", r.name},
                           {"kind", region_kind_id(r.kind)},
                           {"tile", r.tile},
                           {"x_in", r.rect.x.in()},
                           {"y_in", r.rect.y.in()},
                           {"width_in", r.rect.width.in()},
                           {"height_in", r.rect.height.in()}});
    }
    auto& folds = j["folds"] = nlohmann::ordered_json::array();
    for (const auto& f : l.folds) {
        folds.push_back({{"name", f.name}, {"x_in", f.x.in()}, {"variance_in", f.variance.in()}});
    }
    auto& warnings = j["warnings"] = nlohmann::ordered_json::array();
    for (const auto& w : l.warnings)
        warnings.push_back(w.message);
    auto& notes = j["notes"] = nlohmann::ordered_json::array();
    for (const auto& n : l.notes)
        notes.push_back(n.message);
    std::vector<Diagnostic> all = l.warnings;
    all.insert(all.end(), l.notes.begin(), l.notes.end());
    j["diagnostics"] = diagnostics_json(all);
    return j;
}

nlohmann::ordered_json spec_json(const SpecReport& report) {
    const auto& request = report.request;
    nlohmann::ordered_json j;
    j["book"] = {{"binding", binding_id(request.binding)},
                 {"trim_width_in", request.trim.width.in()},
                 {"trim_height_in", request.trim.height.in()},
                 {"pages", request.pages}};
    auto& printers = j["printers"] = nlohmann::ordered_json::array();
    for (const auto& result : report.results) {
        if (result.layout) {
            printers.push_back(layout_json(*result.layout));
            continue;
        }
        nlohmann::ordered_json refused;
        refused["printer"] = result.printer->id;
        refused["printer_name"] = result.printer->name;
        refused["ok"] = false;
        refused["binding"] = binding_id(result.book.binding);
        refused["paper"] = result.book.paper;
        refused["pages"] = result.book.pages;
        auto& errors = refused["errors"] = nlohmann::ordered_json::array();
        for (const auto& e : result.errors)
            errors.push_back(e.message);
        refused["diagnostics"] = diagnostics_json(result.errors);
        printers.push_back(std::move(refused));
    }
    auto& comparisons = j["comparisons"] = nlohmann::ordered_json::array();
    for (const auto& pair : report.comparisons) {
        const auto& spine = pair.comparison.spine;
        nlohmann::ordered_json c;
        c["printers"] = {report.results[pair.first].printer->id,
                         report.results[pair.second].printer->id};
        c["spine_difference_in"] = spine.difference.in();
        c["fold_variance_in"] = spine.fold_variance.in();
        c["beyond_fold_variance"] = spine.beyond_variance;
        c["beyond_from_pages"] = spine.beyond_from_pages
                                     ? nlohmann::ordered_json(*spine.beyond_from_pages)
                                     : nlohmann::ordered_json(nullptr);
        c["differences"] = pair.comparison.differences;
        comparisons.push_back(std::move(c));
    }
    return j;
}

}  // namespace podcover::cli
