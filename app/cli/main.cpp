// payoutdesk-cli: every subcommand, on the engine alone. No Widgets, Gui,
// Charts or Svg are linked (a test checks), so a server needs none of them
// installed and no display; `demo` runs here with --no-window only.
#include "Cli.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    return runCli(app, CliProgram{"payoutdesk-cli", nullptr});
}
