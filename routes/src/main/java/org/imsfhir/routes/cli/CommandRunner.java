package org.imsfhir.routes.cli;

import java.util.Arrays;
import java.util.List;
import org.imsfhir.routes.ImsAdapterApplication;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Runs the command named by the first argument in command-line mode (profile {@code cli}); its exit
 * code becomes the process's (see {@link ImsAdapterApplication#main}).
 */
@Component
@Profile(ImsAdapterApplication.CLI_PROFILE)
public class CommandRunner implements CommandLineRunner, ExitCodeGenerator {

    private int exitCode;

    @Override
    public void run(String... args) {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if ("convert".equals(args[0])) {
            exitCode = ConvertCommand.run(rest, System.out, System.err);
        } else {
            System.err.println("unknown command '" + args[0] + "'");
            System.err.println(ConvertCommand.USAGE);
            exitCode = 2;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
