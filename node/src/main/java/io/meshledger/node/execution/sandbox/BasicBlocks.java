package io.meshledger.node.execution.sandbox;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Splits a method into basic blocks for metering. A block starts at the first
 * instruction, at every jump, switch or handler target, and after every jump,
 * switch, return or throw; its cost is its number of real instructions. Calls do
 * not end blocks: an exception thrown mid-block has been charged for the whole
 * block, which over-charges by the same amount on every node.
 */
final class BasicBlocks {
    private BasicBlocks() {
    }

    /** The first real instruction of each block, with the block's cost, in code order. */
    static Map<AbstractInsnNode, Integer> costs(MethodNode method) {
        Set<LabelNode> targets = targets(method);
        Map<AbstractInsnNode, Integer> costs = new LinkedHashMap<>();
        AbstractInsnNode leader = null;
        boolean startsBlock = true;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LabelNode label && targets.contains(label)) {
                startsBlock = true;
            }
            if (insn.getOpcode() < 0) {
                continue;
            }
            if (startsBlock) {
                leader = insn;
                costs.put(leader, 0);
                startsBlock = false;
            }
            costs.merge(leader, 1, Integer::sum);
            startsBlock = endsBlock(insn);
        }
        return costs;
    }

    private static Set<LabelNode> targets(MethodNode method) {
        Set<LabelNode> targets = new HashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            switch (insn) {
                case JumpInsnNode jump -> targets.add(jump.label);
                case TableSwitchInsnNode table -> {
                    targets.add(table.dflt);
                    targets.addAll(table.labels);
                }
                case LookupSwitchInsnNode lookup -> {
                    targets.add(lookup.dflt);
                    targets.addAll(lookup.labels);
                }
                default -> {
                }
            }
        }
        for (TryCatchBlockNode handler : method.tryCatchBlocks) {
            targets.add(handler.handler);
        }
        return targets;
    }

    private static boolean endsBlock(AbstractInsnNode insn) {
        int opcode = insn.getOpcode();
        return insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode
                || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) || opcode == Opcodes.ATHROW;
    }
}
