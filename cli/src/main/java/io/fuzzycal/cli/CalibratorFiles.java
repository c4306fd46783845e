package io.fuzzycal.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a calibrator file's text, with errors that name the file (the JDK's say "Input length = 3"). */
final class CalibratorFiles {
    private CalibratorFiles() {
    }

    static String readText(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new InvalidInputException(path + ": is a directory, not a calibrator file");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(path + ": not UTF-8 text, so not a calibrator written by 'fuzzycal calibrate fit'");
        }
    }
}
