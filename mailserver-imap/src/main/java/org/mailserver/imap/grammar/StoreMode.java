package org.mailserver.imap.grammar;

/** STORE's FLAGS, +FLAGS and -FLAGS (RFC 3501 6.4.6). */
public enum StoreMode { REPLACE, ADD, REMOVE }
