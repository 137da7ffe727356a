package io.meshledger.node.execution.sandbox;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the gas charge at the entry of every exception handler out of the range
 * of every handler of the contract.
 * <p>
 * Why: a tripped meter throws at the next charge, and the handler that caught the
 * previous throw starts with a charge. javac emits {@code finally} handlers whose
 * range covers their own first instruction, and crafted bytecode can make two
 * handlers cover each other's entries; either way the throw at the entry would be
 * caught again by a handler that throws again, forever. With the entry charges
 * uncovered, a throw there leaves the method (through the instrumenter's own
 * depth handler, which only rethrows), and the same happens in each caller.
 */
final class HandlerCharges {
    private HandlerCharges() {
    }

    /**
     * @param chargeSpans for each block leader, the labels just before and after the charge inserted before it
     */
    static void uncover(MethodNode method, Map<AbstractInsnNode, LabelNode[]> chargeSpans) {
        Map<AbstractInsnNode, LabelNode[]> spansByStart = new HashMap<>();
        for (LabelNode[] span : chargeSpans.values()) {
            spansByStart.put(span[0], span);
        }
        List<LabelNode[]> handlerSpans = new ArrayList<>();
        for (TryCatchBlockNode handler : method.tryCatchBlocks) {
            LabelNode[] span = spanAt(handler.handler, spansByStart);
            if (span != null && !handlerSpans.contains(span)) {
                handlerSpans.add(span);
            }
        }
        List<TryCatchBlockNode> result = new ArrayList<>();
        InsnList code = method.instructions;
        for (TryCatchBlockNode handler : method.tryCatchBlocks) {
            List<TryCatchBlockNode> pieces = new ArrayList<>(List.of(handler));
            for (LabelNode[] span : handlerSpans) {
                List<TryCatchBlockNode> split = new ArrayList<>();
                for (TryCatchBlockNode piece : pieces) {
                    split.addAll(without(code, piece, span[0], span[1]));
                }
                pieces = split;
            }
            result.addAll(pieces);
        }
        method.tryCatchBlocks = result;
    }

    /** The range of {@code block} minus {@code [from, to)}, as zero, one or two non-empty ranges. */
    private static List<TryCatchBlockNode> without(InsnList code, TryCatchBlockNode block, LabelNode from, LabelNode to) {
        int start = code.indexOf(block.start);
        int end = code.indexOf(block.end);
        int cutStart = code.indexOf(from);
        int cutEnd = code.indexOf(to);
        if (cutEnd <= start || cutStart >= end) {
            return List.of(block);
        }
        List<TryCatchBlockNode> pieces = new ArrayList<>(2);
        if (hasRealInstruction(code, block.start, from)) {
            pieces.add(new TryCatchBlockNode(block.start, from, block.handler, block.type));
        }
        if (hasRealInstruction(code, to, block.end)) {
            pieces.add(new TryCatchBlockNode(to, block.end, block.handler, block.type));
        }
        return pieces;
    }

    private static boolean hasRealInstruction(InsnList code, LabelNode from, LabelNode to) {
        for (AbstractInsnNode insn = from; insn != null && insn != to; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The charge span that starts a handler: the first one met before any real instruction. */
    private static LabelNode[] spanAt(LabelNode handler, Map<AbstractInsnNode, LabelNode[]> spansByStart) {
        for (AbstractInsnNode insn = handler; insn != null && insn.getOpcode() < 0; insn = insn.getNext()) {
            LabelNode[] span = spansByStart.get(insn);
            if (span != null) {
                return span;
            }
        }
        return null;
    }
}
