package org.liaison.plugin.unsc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One element of a listing as read from the XML: its text and its child elements. Only one listing is held at a
 * time, never the whole document.
 */
final class Element {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final String name;
    private final Element parent;
    /** The path of a listing element, which always carries its position; null for the elements below it. */
    private final String fixedPath;
    /** 1-based position among the parent's children of the same name. */
    private final int position;
    private final List<Element> children = new ArrayList<>(4);
    private String text = "";

    private Element(String name, Element parent, String fixedPath, int position) {
        this.name = name;
        this.parent = parent;
        this.fixedPath = fixedPath;
        this.position = position;
    }

    /** A listing element, such as {@code INDIVIDUAL} at {@code /CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[17]}. */
    static Element listing(String name, String path) {
        return new Element(name, null, path, 1);
    }

    String name() {
        return name;
    }

    /**
     * The XML path, such as {@code /CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[17]/NATIONALITY/VALUE[2]}; a position
     * is given where the parent has more than one child of that name.
     */
    String path() {
        if (fixedPath != null) {
            return fixedPath;
        }
        String path = parent.path() + "/" + name;
        return parent.count(name) > 1 ? path + "[" + position + "]" : path;
    }

    /** The path of a child, present or not. */
    String path(String childName) {
        Element child = child(childName);
        return child != null ? child.path() : path() + "/" + childName;
    }

    Element add(String childName) {
        Element child = new Element(childName, this, null, count(childName) + 1);
        children.add(child);
        return child;
    }

    private int count(String childName) {
        int count = 0;
        for (Element child : children) {
            if (child.name.equals(childName)) {
                count++;
            }
        }
        return count;
    }

    void setText(String text) {
        this.text = text;
    }

    /** The text, without leading and trailing white space; null when blank. */
    String text() {
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** The text with every run of white space made one space; null when blank. Used for names. */
    String collapsedText() {
        String stripped = text();
        return stripped == null ? null : collapse(stripped);
    }

    /**
     * A text as {@link #collapsedText()} reads it: without leading and trailing white space, every run of white space
     * made one space.
     */
    static String collapse(String text) {
        return SPACES.matcher(text.strip()).replaceAll(" ");
    }

    /** The first child of that name, or null. */
    Element child(String childName) {
        for (Element child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    /** The children of that name, in document order. */
    List<Element> children(String childName) {
        List<Element> named = new ArrayList<>();
        for (Element child : children) {
            if (child.name.equals(childName)) {
                named.add(child);
            }
        }
        return named;
    }

    /** The stripped text of the first child of that name; null when absent or blank. */
    String textOf(String childName) {
        Element child = child(childName);
        return child == null ? null : child.text();
    }

    /** The collapsed text of the first child of that name; null when absent or blank. */
    String collapsedTextOf(String childName) {
        Element child = child(childName);
        return child == null ? null : child.collapsedText();
    }
}
