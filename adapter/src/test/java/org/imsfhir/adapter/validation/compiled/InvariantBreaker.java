package org.imsfhir.adapter.validation.compiled;

import static org.imsfhir.adapter.validation.compiled.InvariantTargets.named;
import static org.imsfhir.adapter.validation.compiled.InvariantTargets.subExtension;
import static org.imsfhir.adapter.validation.compiled.InvariantTargets.valueKey;
import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.BREAK_INVARIANT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionConstraintComponent;
import org.imsfhir.adapter.validation.compiled.InvariantTargets.Leaf;

/**
 * BREAK_INVARIANT, best effort: no FHIRPath is evaluated. Each invariant of a present element (the IMS
 * ims-* ones and base ones such as obs-6 or con-3; not ele-, ext-, dom-) is read with a few patterns,
 * and each pattern found gives edits of the element's JSON:
 * <ul>
 * <li>{@code extension('x')}, {@code extension.where(url='x')}: remove that (sub-)extension;
 * <li>a name starting a path outside function arguments ({@code statusReason.exists()}): remove that
 *     property (choice forms too: {@code value} removes valueQuantity);
 * <li>{@code name op number} ({@code value <= 50}, {@code $this >= 0}): set those numbers just out of range;
 * <li>{@code extension('a').value <= extension('b').value}: set a to b + 1 (b - 1 for >=);
 * <li>{@code end >= start}: set end (added if absent) to start's time in 1900 (2999 for <=);
 * <li>{@code status = 'lit'}, {@code extension('x').value = 'lit'}: set that value to lit when it differs;
 * <li>{@code system.startsWith('p')}: give the matching values another prefix;
 * <li>{@code x.length() <= n}, {@code x.toString().length() = n}: lengthen x;
 * <li>{@code x.all($this in ...)}: set the numbers of x to 99;
 * <li>{@code a.b.all(k = 'lit' ...)}: set k of each a.b to another value.
 * </ul>
 * Whether an edit really breaks the invariant is left to the validators (an {@code implies} may hold).
 */
final class InvariantBreaker {

    private static final Pattern EXT = Pattern.compile(
            "extension(?:\\('([^']+)'\\)|\\.where\\(url\\s*=\\s*'([^']+)'\\))");
    private static final Pattern NAME = Pattern.compile("(?<![.\\w$%'])([a-z][A-Za-z0-9]*)\\b(?!\\s*\\()");
    private static final Pattern BOUND = Pattern.compile(
            "(\\$this|[A-Za-z]\\w*)\\s*(>=|<=|!=|=|>|<)\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern COLLECTION = Pattern.compile("([A-Za-z]\\w*)\\.(?:all|where|select)\\(\\s*\\$this");
    private static final Pattern PAIR = Pattern.compile(
            "extension\\('([^']+)'\\)\\.value\\s*(<=|>=|<|>)\\s*extension\\('([^']+)'\\)\\.value");
    private static final Pattern ORDER = Pattern.compile(
            "(?<![.\\w])([a-z]\\w*)\\s*(>=|<=|>|<)\\s*([a-z]\\w*)\\b(?!\\s*[(.'])");
    private static final Pattern EXT_EQ = Pattern.compile("extension\\('([^']+)'\\)\\.value\\s*=\\s*'([^']*)'");
    private static final Pattern EQ = Pattern.compile("(?<![.\\w$%'])([a-z]\\w*)\\s*=\\s*'([^']*)'");
    private static final Pattern STARTS = Pattern.compile("([a-z]\\w*)\\.startsWith\\('([^']*)'\\)");
    private static final Pattern LENGTH = Pattern.compile(
            "([a-z]\\w*)(?:\\.toString\\(\\))?\\.(?:all\\()?length\\(\\)\\s*(<=|<|=)\\s*(\\d+)");
    private static final Pattern IN = Pattern.compile("([a-z]\\w*)\\.all\\(\\$this in ");
    private static final Pattern ALL_EQ = Pattern.compile(
            "(?<![.\\w])([a-z]\\w*(?:\\.[a-z]\\w*)*)\\.all\\((\\w+)\\s*=\\s*'");
    private static final Set<String> NOT_PROPERTIES = Set.of("and", "or", "xor", "implies", "div", "mod", "in",
            "contains", "is", "as", "true", "false", "extension");

    private InvariantBreaker() {
    }

    static void breakAll(List<Site> sites, Consumer<Edit> out) {
        for (Site s : sites) {
            if (s.node() instanceof ObjectNode obj) {
                for (ElementDefinitionConstraintComponent c : s.constraints()) {
                    String head = "BREAK_INVARIANT " + s.where() + " " + c.getKey() + ": ";
                    String bare = c.getExpression().replaceAll("'[^']*'", "''"); // literals are not names
                    List<Leaf> leaves = InvariantTargets.leaves(obj, s.pointer(), s.path());
                    removals(s, obj, c.getExpression(), bare, head, out);
                    numbers(s, obj, c.getExpression(), bare, leaves, head, out);
                    texts(s, obj, c.getExpression(), bare, leaves, head, out);
                }
            }
        }
    }

    private static void removals(Site s, ObjectNode obj, String expr, String bare, String head, Consumer<Edit> out) {
        for (Matcher m = EXT.matcher(expr); m.find();) {
            int i = subExtension(obj, m.group(1) != null ? m.group(1) : m.group(2));
            if (i >= 0) {
                out.accept(Edit.remove(BREAK_INVARIANT, head + "remove " + s.path() + ".extension[" + i + "]",
                        s.pointer() + "/extension/" + i));
            }
        }
        int[] depth = InvariantTargets.callDepth(bare);
        for (Matcher m = NAME.matcher(bare); m.find();) {
            String name = depth[m.start()] > 0 || NOT_PROPERTIES.contains(m.group(1)) ? null
                    : InvariantTargets.property(obj, m.group(1));
            if (name != null) {
                out.accept(Edit.remove(BREAK_INVARIANT, head + "remove " + s.path() + "." + name,
                        s.pointer() + "/" + name));
            }
        }
    }

    private static void numbers(Site s, ObjectNode obj, String expr, String bare, List<Leaf> leaves, String head,
            Consumer<Edit> out) {
        for (Matcher m = BOUND.matcher(bare); m.find();) {
            String name = m.group(1);
            if (name.equals("$this")) {
                Matcher c = COLLECTION.matcher(bare);
                name = c.find() ? c.group(1) : "value";
            }
            JsonNode bad = InvariantTargets.outside(m.group(2), new BigDecimal(m.group(3)));
            for (Leaf l : leaves) {
                boolean target = named(l.key(), name) || l.key().equals("value") && named(l.parentKey(), name);
                if (l.value().isNumber() && target) {
                    out.accept(Edit.set(BREAK_INVARIANT, head + "set " + l.path() + " to " + bad + " ("
                            + m.group(2) + " " + m.group(3) + ")", l.pointer(), bad));
                }
            }
        }
        for (Matcher m = PAIR.matcher(expr); m.find();) {
            int a = subExtension(obj, m.group(1));
            int b = subExtension(obj, m.group(3));
            String va = a < 0 ? null : valueKey(obj.get("extension").get(a));
            String vb = b < 0 ? null : valueKey(obj.get("extension").get(b));
            if (va != null && vb != null && obj.get("extension").get(b).get(vb).isNumber()) {
                long other = obj.get("extension").get(b).get(vb).longValue();
                long v = m.group(2).startsWith("<") ? other + 1 : Math.max(0, other - 1);
                out.accept(Edit.set(BREAK_INVARIANT, head + "set " + s.path() + ".extension[" + a + "]." + va
                        + " past extension[" + b + "]", s.pointer() + "/extension/" + a + "/" + va,
                        LongNode.valueOf(v)));
            }
        }
        for (Matcher m = IN.matcher(expr); m.find();) {
            for (Leaf l : leaves) {
                if (l.key().equals(m.group(1)) && l.value().isNumber()) {
                    out.accept(Edit.set(BREAK_INVARIANT, head + "set " + l.path() + " outside the allowed set",
                            l.pointer(), LongNode.valueOf(99)));
                }
            }
        }
    }

    private static void texts(Site s, ObjectNode obj, String expr, String bare, List<Leaf> leaves, String head,
            Consumer<Edit> out) {
        for (Matcher m = ORDER.matcher(bare); m.find();) {
            String year = m.group(2).startsWith(">") ? "1900" : "2999";
            for (Leaf l : leaves) {
                if (l.key().equals(m.group(3)) && l.value().isTextual() && l.value().asText().matches("\\d{4}.*")) {
                    out.accept(Edit.put(BREAK_INVARIANT, head + "set " + l.path().replaceFirst("[^.]+$", m.group(1))
                            + " so that " + m.group(1) + " " + m.group(2) + " " + m.group(3) + " fails",
                            Edit.parent(l.pointer()), m.group(1),
                            TextNode.valueOf(year + l.value().asText().substring(4))));
                }
            }
        }
        for (Matcher m = EXT_EQ.matcher(expr); m.find();) {
            int i = subExtension(obj, m.group(1));
            String vk = i < 0 ? null : valueKey(obj.get("extension").get(i));
            if (vk != null) {
                out.accept(Edit.set(BREAK_INVARIANT, head + "set " + s.path() + ".extension[" + i + "]." + vk
                        + " to '" + m.group(2) + "'", s.pointer() + "/extension/" + i + "/" + vk,
                        TextNode.valueOf(m.group(2))));
            }
        }
        for (Matcher m = EQ.matcher(expr); m.find();) {
            if (obj.path(m.group(1)).isTextual()) {
                out.accept(Edit.set(BREAK_INVARIANT, head + "set " + s.path() + "." + m.group(1) + " to '" + m.group(2)
                        + "'", s.pointer() + "/" + m.group(1), TextNode.valueOf(m.group(2))));
            }
        }
        for (Matcher m = STARTS.matcher(expr); m.find();) {
            for (Leaf l : leaves) {
                if (l.key().equals(m.group(1)) && l.value().asText().startsWith(m.group(2))) {
                    out.accept(Edit.set(BREAK_INVARIANT, head + "set " + l.path() + " to another prefix", l.pointer(),
                            TextNode.valueOf("https://example.org/other/" + l.key())));
                }
            }
        }
        for (Matcher m = LENGTH.matcher(expr); m.find();) {
            int max = Integer.parseInt(m.group(3));
            for (Leaf l : leaves) {
                if (l.key().equals(m.group(1)) && l.value().isTextual()) {
                    String v = l.value().asText();
                    String longer = v.matches("\\d{4}") ? v + "-01" : v + "X".repeat(Math.max(1, max + 1 - v.length()));
                    out.accept(Edit.set(BREAK_INVARIANT, head + "lengthen " + l.path(), l.pointer(),
                            TextNode.valueOf(longer)));
                }
            }
        }
        for (Matcher m = ALL_EQ.matcher(expr); m.find();) {
            String within = Pattern.quote(s.path() + ".") + m.group(1).replace(".", "(\\[\\d+\\])?\\.")
                    + "(\\[\\d+\\])?\\." + m.group(2);
            for (Leaf l : leaves) {
                if (l.value().isTextual() && l.path().matches(within)) {
                    out.accept(Edit.set(BREAK_INVARIANT, head + "set " + l.path() + " to another value", l.pointer(),
                            TextNode.valueOf("https://example.org/other/" + l.key())));
                }
            }
        }
    }
}
