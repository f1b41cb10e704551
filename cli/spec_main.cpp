// The spec command's glue: options to request, request to report, report to output.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_text.hpp"
#include "spec_command.hpp"

namespace podcover::cli {

void SpecCommand::add_to(CLI::App& app) {
    command_ =
        app.add_subcommand("spec", "Cover geometry of one book on each printer, side by side");
    command_->footer(
        std::string("Example:\n  podcover spec --trim 6x9in --pages 300 --paper white\n"
                    "  podcover spec --trim 6x9in --pages 300 --paper kdp=cream,ingramspark=cream "
                    "--json\n\n") +
        exit_codes_help);
    book_.add_to(*command_);
    printers_.add_to(*command_);
    output_.add_to(*command_);
}

CommandOutput SpecCommand::run() const {
    // Check every option before any work.
    SpecRequest request;
    request.trim = book_.parsed_trim();
    request.pages = book_.parsed_pages();
    request.binding = book_.parsed_binding();
    request.unit = output_.unit();
    const PrinterCatalog catalog = printers_.load_catalog();
    request.printer_ids = printers_.selected(catalog);
    book_.parse_paper(request.printer_ids, request.paper, request.paper_by_printer);
    check_papers_known(catalog, request.printer_ids, request.paper, request.paper_by_printer);

    const SpecReport report = run_spec(catalog, request);
    CommandOutput output;
    output.out = output_.json ? json_text(spec_json(report)) : spec_text(report);
    for (const auto& result : report.results) {
        for (const auto& error : result.errors) {
            output.errors.push_back(result.printer->id + ": " + error.message);
        }
    }
    output.exit_code = report.any_refused() ? exit_refused : exit_ok;
    return output;
}

}  // namespace podcover::cli
