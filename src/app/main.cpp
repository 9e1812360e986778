#include "app/cli.h"

int main(int argc, char** argv) { return tsunagu::run_cli(argc, argv); }
