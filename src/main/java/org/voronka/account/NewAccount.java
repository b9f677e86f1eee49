package org.voronka.account;

/** What is needed to open an account: its name and subdomain and its first administrator. */
public record NewAccount(String name, String subdomain, String language, String timezone,
                         String adminName, String adminEmail, String adminPassword) {}
