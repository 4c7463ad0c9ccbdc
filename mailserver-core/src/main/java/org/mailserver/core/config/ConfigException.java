package org.mailserver.core.config;

import java.util.List;

/** The configuration is invalid; carries every problem found, each naming key, value and what is allowed. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
