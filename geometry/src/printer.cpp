#include "podcover/printer.hpp"

#include <algorithm>

namespace podcover {

std::string_view binding_id(Binding binding) {
    switch (binding) {
        case Binding::paperback:
            return "paperback";
        case Binding::case_laminate:
            return "case-laminate";
        case Binding::dust_jacket:
            return "dust-jacket";
    }
    return "paperback";
}

std::string_view binding_label(Binding binding) {
    switch (binding) {
        case Binding::paperback:
            return "paperback";
        case Binding::case_laminate:
            return "case laminate hardcover";
        case Binding::dust_jacket:
            return "dust jacket hardcover";
    }
    return "paperback";
}

std::optional<Binding> parse_binding(std::string_view text) {
    if (text == "paperback")
        return Binding::paperback;
    if (text == "case-laminate" || text == "hardcover")
        return Binding::case_laminate;
    if (text == "dust-jacket")
        return Binding::dust_jacket;
    return std::nullopt;
}

std::string_view evidence_id(Evidence evidence) {
    switch (evidence) {
        case Evidence::sourced:
            return "sourced";
        case Evidence::decided:
            return "DECIDED";
        case Evidence::unverified:
            return "UNVERIFIED";
    }
    return "sourced";
}

std::optional<Length> SpineTable::lookup(int pages) const {
    const auto row =
        std::lower_bound(rows.begin(), rows.end(), pages,
                         [](const SpineTableRow& r, int wanted) { return r.pages < wanted; });
    if (row == rows.end() || row->pages != pages)
        return std::nullopt;
    return row->spine_width;
}

std::vector<std::string> BindingSpec::paper_ids(const PrinterSpec& printer) const {
    std::vector<std::string> ids;
    for (const auto& paper : printer.papers) {
        if (spine.count(paper.id) != 0)
            ids.push_back(paper.id);
    }
    return ids;
}

const BindingSpec* PrinterSpec::find_binding(Binding binding) const {
    for (const auto& spec : bindings) {
        if (spec.binding == binding)
            return &spec;
    }
    return nullptr;
}

const PaperSpec* PrinterSpec::find_paper(std::string_view id_or_alias) const {
    for (const auto& paper : papers) {
        if (paper.id == id_or_alias)
            return &paper;
    }
    for (const auto& paper : papers) {
        if (std::find(paper.aliases.begin(), paper.aliases.end(), id_or_alias) !=
            paper.aliases.end()) {
            return &paper;
        }
    }
    return nullptr;
}

}  // namespace podcover
