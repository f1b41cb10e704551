// Fuzz target: job files (render::parse_job), then the layout of the job's book on the
// built-in printers when the job states its trim and pages. The job is read as if from a
// folder that does not exist, so that relative art and interior paths are refused without
// touching the disk.
#include "fuzz_target.hpp"
#include "podcover/errors.hpp"
#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"
#include "podcover/render/job.hpp"

using namespace podcover;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PrinterCatalog printers = PrinterCatalog::builtin();
    render::Job job;
    try {
        job = render::parse_job(fuzz::text_of(data, size), "/nonexistent/podcover-fuzz/book.toml");
    } catch (const InputError&) {
        return 0;
    }
    if (job.title.empty())
        fuzz::broken("a job without a title was accepted");
    if (!job.trim || !job.pages)
        return 0;
    for (const PrinterSpec& printer : printers.printers())
        compute_layout(printer,
                       BookSpec{job.binding, *job.trim, *job.pages, job.paper_for(printer.id)});
    return 0;
}
