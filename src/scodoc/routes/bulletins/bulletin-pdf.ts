/**
 * PDF bulletins (scodoc.md D35, issue 5): Campus' own layout drawn with pdfkit from the JSON bulletin —
 * header with the department's (or site's) `header` logo, student and semester, general average and rank,
 * one table per UE with its modules (coefficient, note, min/max/moy) and, in long versions, their
 * évaluations, the jury decision, absences, and the signature images unless `/nosig`. Rows that would cross
 * the bottom margin go to a new page, where the table header is repeated.
 */
import PDFDocument from 'pdfkit';
import type { BulletinContext } from './bulletin-context.js';
import type { PdfAssets } from './bulletin-pdf.queries.js';

interface Row {
  readonly code: string;
  readonly titre: string;
  readonly coef: string;
  readonly note: string;
  readonly min: string;
  readonly max: string;
  readonly moy: string;
  readonly evals: readonly { readonly description: string; readonly coef: string; readonly note: string }[];
}
interface UeBlock {
  readonly acronyme: string;
  readonly titre: string;
  readonly moyenne: string;
  readonly rang: string;
  readonly ects: string;
  readonly rows: readonly Row[];
}
interface Layout {
  readonly title: string;
  readonly dept: string;
  readonly student: string;
  readonly studentInfo: string;
  readonly semester: string;
  readonly general: string;
  readonly rang: string;
  readonly ues: readonly UeBlock[];
  readonly decision: string;
  readonly absences: string;
  readonly situation: string;
}

type J = Record<string, any>;
const s = (x: unknown) =>
  x === null || x === undefined ? '' : typeof x === 'object' ? String((x as J).value ?? '') : String(x);
const num = (x: unknown) => (x === null || x === undefined ? '' : String(typeof x === 'object' ? (x as J).value : x));

function civ(c: string) {
  return c === 'M' ? 'M.' : c === 'F' ? 'Mme' : '';
}

function withEvals(ctx: BulletinContext) {
  return !['short', 'short_mat', 'butcourt'].includes(ctx.version);
}

function butLayout(ctx: BulletinContext, b: J): Layout {
  const fs = ctx.data.fs;
  const evalsOn = withEvals(ctx);
  const mods: J = { ...(b.ressources ?? {}), ...(b.saes ?? {}) };
  const ues: UeBlock[] = Object.entries((b.ues ?? {}) as J).map(([acr, u]) => ({
    acronyme: acr,
    titre: s(u.titre),
    moyenne: s(u.moyenne?.value),
    rang: u.moyenne?.rang ? `${u.moyenne.rang} / ${u.moyenne.total}` : '',
    ects: `${num(u.ECTS?.acquis)} / ${num(u.ECTS?.total)}`,
    rows: Object.entries({ ...(u.ressources ?? {}), ...(u.saes ?? {}) } as J).map(([code, m]) => {
      const full = mods[code] ?? {};
      return {
        code,
        titre: s(full.titre),
        coef: num(m.coef),
        note: s(m.moyenne),
        min: s(full.moyenne?.min),
        max: s(full.moyenne?.max),
        moy: s(full.moyenne?.moy),
        evals: evalsOn
          ? ((full.evaluations ?? []) as J[])
              .filter((e) => e.poids?.[acr] === undefined || Number(num(e.poids[acr])) > 0)
              .map((e) => ({ description: s(e.description), coef: num(e.coef), note: s(e.note?.value) }))
          : [],
      };
    }),
  }));
  const sem = b.semestre ?? {};
  const dec = [
    sem.decision?.code ? `semestre ${sem.decision.code}` : '',
    sem.decision_annee?.code ? `année ${sem.decision_annee.code}` : '',
    ...((sem.decision_ue ?? []) as J[]).map((d) => `${d.acronyme} ${d.code}`),
  ].filter(Boolean);
  return {
    title: 'Relevé de notes — BUT',
    dept: fs.dept_acronym,
    student: `${civ(b.etudiant.civilite)} ${b.etudiant.prenom} ${String(b.etudiant.nom).toUpperCase()}`.trim(),
    studentInfo: [
      b.etudiant.code_nip ? `NIP ${b.etudiant.code_nip}` : '',
      b.etudiant.date_naissance ? `né(e) le ${b.etudiant.date_naissance}` : '',
    ]
      .filter(Boolean)
      .join(' — '),
    semester: `${fs.titre} semestre ${fs.semestre_id} — ${sem.annee_universitaire ?? ''} (${fs.date_debut} → ${fs.date_fin})`,
    general: `Moyenne générale : ${s(sem.notes?.value)}   (min ${s(sem.notes?.min)}, max ${s(sem.notes?.max)}, moyenne promo ${s(sem.notes?.moy)})`,
    rang: `Rang : ${s(sem.rang?.value) || '-'} / ${num(sem.rang?.total)}   ECTS : ${num(sem.ECTS?.acquis)} / ${num(sem.ECTS?.total)}`,
    ues,
    decision: dec.length ? `Décision du jury : ${dec.join(', ')}` : 'Décision du jury : pas de décision enregistrée',
    absences: sem.absences
      ? `Absences : ${num(sem.absences.total)} ${sem.absences.metrique} dont ${num(sem.absences.injustifie)} injustifiée(s)`
      : '',
    situation: s(sem.situation),
  };
}

function classicLayout(ctx: BulletinContext, b: J): Layout {
  const fs = ctx.data.fs;
  const evalsOn = withEvals(ctx);
  return {
    title: `Bulletin de notes — ${fs.f_acronyme}`,
    dept: fs.dept_acronym,
    student: `${civ(b.etudiant.civilite)} ${b.etudiant.prenom} ${String(b.etudiant.nom).toUpperCase()}`.trim(),
    studentInfo: b.etudiant.code_nip ? `NIP ${b.etudiant.code_nip}` : '',
    semester: `${fs.titre} semestre ${fs.semestre_id} (${fs.date_debut} → ${fs.date_fin})`,
    general: `Moyenne générale : ${s(b.note?.value)}   (min ${s(b.note?.min)}, max ${s(b.note?.max)}, moyenne promo ${s(b.note?.moy)})`,
    rang: `Rang : ${s(b.rang?.value) || '-'} / ${num(b.rang?.ninscrits)}`,
    ues: ((b.ue ?? []) as J[]).map((u) => ({
      acronyme: s(u.acronyme),
      titre: s(u.titre),
      moyenne: s(u.note?.value),
      rang: u.rang ? `${u.rang} / ${u.effectif}` : '',
      ects: s(u.ects),
      rows: ((u.module ?? []) as J[]).map((m) => ({
        code: s(m.code),
        titre: s(m.titre),
        coef: num(m.coefficient),
        note: s(m.note?.value),
        min: s(m.note?.min),
        max: s(m.note?.max),
        moy: s(m.note?.moy),
        evals: evalsOn
          ? ((m.evaluation ?? []) as J[]).map((e) => ({
              description: s(e.description),
              coef: num(e.coefficient),
              note: s(e.note),
            }))
          : [],
      })),
    })),
    decision: b.decision?.code
      ? `Décision du jury : ${b.decision.code}`
      : 'Décision du jury : pas de décision enregistrée',
    absences: b.absences ? `Absences : ${num(b.absences.nbabs)} dont ${num(b.absences.nbabsjust)} justifiée(s)` : '',
    situation: s(b.situation),
  };
}

const COLS = [
  { key: 'code', title: 'Code', w: 62 },
  { key: 'titre', title: 'Module', w: 213 },
  { key: 'coef', title: 'Coef.', w: 40 },
  { key: 'note', title: 'Note', w: 50 },
  { key: 'min', title: 'Min', w: 45 },
  { key: 'max', title: 'Max', w: 45 },
  { key: 'moy', title: 'Moy.', w: 60 },
] as const;

export interface PdfOptions {
  /** Uncompressed content streams (tests read the text operators). */
  readonly compress?: boolean;
}

/** The PDF bytes of one bulletin (the JSON bulletin `bul` of the same request). */
export function renderBulletinPdf(
  ctx: BulletinContext,
  etudid: number,
  bul: Record<string, unknown>,
  assets: PdfAssets,
  opts: PdfOptions = {},
): Promise<Buffer> {
  const layout = ctx.data.isBut ? butLayout(ctx, bul as J) : classicLayout(ctx, bul as J);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    compress: opts.compress ?? true,
    info: { Title: `${layout.title} — ${layout.student}`, Author: 'Campus (ScoDoc API)', Subject: `etudid ${etudid}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  // Header: logo, department, title.
  let y = doc.page.margins.top;
  if (assets.header) {
    try {
      doc.image(assets.header, left, y, { fit: [120, 50] });
    } catch {
      // An image pdfkit cannot decode: the bulletin is still useful without it.
    }
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(layout.title, left + 130, y, { width: width - 130, align: 'right' });
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(`Département ${layout.dept}`, left + 130, y + 22, { width: width - 130, align: 'right' });
  y += 60;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .stroke('#888888');
  y += 8;
  doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(layout.student, left, y);
  y = doc.y + 2;
  doc.font('Helvetica').fontSize(9).text(layout.studentInfo, left, y);
  y = doc.y + 2;
  doc.text(layout.semester, left, y);
  y = doc.y + 6;
  doc.font('Helvetica-Bold').fontSize(10).text(layout.general, left, y);
  y = doc.y + 2;
  doc.font('Helvetica').fontSize(10).text(layout.rang, left, y);
  y = doc.y + 10;

  const rowH = 14;
  const ensure = (h: number, header?: () => void) => {
    if (y + h > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      header?.();
    }
  };
  const tableHeader = () => {
    doc.rect(left, y, width, rowH).fill('#dde4ee');
    doc.fillColor('black').font('Helvetica-Bold').fontSize(8);
    let x = left;
    for (const c of COLS) {
      doc.text(c.title, x + 2, y + 3, { width: c.w - 4, lineBreak: false });
      x += c.w;
    }
    y += rowH;
  };
  for (const ue of layout.ues) {
    ensure(rowH * 3);
    doc.rect(left, y, width, rowH + 2).fill('#f0f0f0');
    doc.fillColor('black').font('Helvetica-Bold').fontSize(9);
    doc.text(`${ue.acronyme} — ${ue.titre}`, left + 2, y + 4, {
      width: width * 0.55,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(`Moyenne ${ue.moyenne}   Rang ${ue.rang || '-'}   ECTS ${ue.ects}`, left + width * 0.55, y + 4, {
      width: width * 0.45 - 4,
      align: 'right',
      lineBreak: false,
    });
    y += rowH + 2;
    tableHeader();
    for (const r of ue.rows) {
      ensure(rowH, tableHeader);
      doc.font('Helvetica').fontSize(8).fillColor('black');
      let x = left;
      for (const c of COLS) {
        doc.text(String(r[c.key]), x + 2, y + 3, { width: c.w - 4, lineBreak: false, ellipsis: true });
        x += c.w;
      }
      doc
        .moveTo(left, y + rowH)
        .lineTo(left + width, y + rowH)
        .lineWidth(0.3)
        .stroke('#cccccc');
      y += rowH;
      for (const e of r.evals) {
        ensure(rowH - 2, tableHeader);
        doc.font('Helvetica-Oblique').fontSize(7).fillColor('#444444');
        doc.text(e.description, left + COLS[0].w + 10, y + 2, {
          width: COLS[1].w - 12,
          lineBreak: false,
          ellipsis: true,
        });
        doc.text(e.coef, left + COLS[0].w + COLS[1].w + 2, y + 2, { width: COLS[2].w - 4, lineBreak: false });
        doc.text(e.note, left + COLS[0].w + COLS[1].w + COLS[2].w + 2, y + 2, {
          width: COLS[3].w - 4,
          lineBreak: false,
        });
        y += rowH - 2;
      }
    }
    y += 8;
  }
  ensure(70);
  doc.fillColor('black').font('Helvetica-Bold').fontSize(10).text(layout.decision, left, y, { width });
  y = doc.y + 4;
  doc.font('Helvetica').fontSize(9);
  if (layout.absences) {
    doc.text(layout.absences, left, y, { width });
    y = doc.y + 2;
  }
  if (layout.situation) {
    doc.text(layout.situation, left, y, { width });
    y = doc.y + 2;
  }
  if (assets.sigLeft || assets.sigRight) {
    ensure(90);
    y += 10;
    for (const [img, x, label] of [
      [assets.sigLeft, left, 'Le responsable de formation'],
      [assets.sigRight, left + width - 160, 'Le chef de département'],
    ] as const) {
      if (!img) continue;
      doc.font('Helvetica').fontSize(8).text(label, x, y, { width: 160 });
      try {
        doc.image(img, x, y + 12, { fit: [160, 60] });
      } catch {
        // undecodable image: the label stays
      }
    }
  }
  doc.end();
  return done;
}
